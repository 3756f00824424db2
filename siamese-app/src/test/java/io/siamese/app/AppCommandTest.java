package io.siamese.app;

import io.siamese.app.source.SourceSpec;
import io.siamese.model.BadInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppCommandTest {

    @TempDir
    Path dir;

    private static AppCommand parse(String... args) {
        AppCommand command = new AppCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutADisplayItSaysSoAndExitsTwo() {
        Assumptions.assumeTrue(GraphicsEnvironment.isHeadless(), "this JVM has a display");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AppCommand());
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("--model", dir.resolve("model.zip").toString(), "--folder", dir.toString());
        assertEquals(AppCommand.BAD_INPUT, status);
        assertTrue(err.toString().startsWith("error: no display"), err.toString());
        assertTrue(err.toString().contains("xvfb-run") && err.toString().contains("verify --model"), err.toString());
    }

    @Test
    void theSourceIsTheDefaultCameraUnlessAnotherIsChosen() throws Exception {
        assertEquals(SourceSpec.Camera.DEFAULT, parse("--model", "m.zip").sourceSpec());
        assertEquals(new SourceSpec.Camera(2), parse("--model", "m.zip", "--camera", "2").sourceSpec());
        Path video = Files.writeString(dir.resolve("clip.mp4"), "a video");
        assertEquals(new SourceSpec.Video(video), parse("--model", "m.zip", "--video", video.toString()).sourceSpec());
        assertEquals(new SourceSpec.Folder(dir), parse("--model", "m.zip", "--folder", dir.toString()).sourceSpec());
        assertEquals(new SourceSpec.Folder(dir, Duration.ofMillis(250)),
                parse("--model", "m.zip", "--folder", dir.toString(), "--interval", "250").sourceSpec());
    }

    @Test
    void badSourcesAreRefusedBeforeTheWindowOpens() {
        BadInputException video = assertThrows(BadInputException.class,
                () -> parse("--model", "m.zip", "--video", dir.resolve("none.mp4").toString()).sourceSpec());
        assertTrue(video.getMessage().contains("video file not found"), video.getMessage());
        assertThrows(BadInputException.class, () -> parse("--model", "m.zip", "--folder", dir.resolve("none").toString()).sourceSpec());
        assertThrows(BadInputException.class, () -> parse("--model", "m.zip", "--camera", "1", "--interval", "100").sourceSpec());
        assertThrows(BadInputException.class, () -> parse("--model", "m.zip", "--folder", dir.toString(), "--interval", "-5").sourceSpec());
        BadInputException camera = assertThrows(BadInputException.class, () -> parse("--model", "m.zip", "--camera", "-1").sourceSpec());
        assertTrue(camera.getMessage().startsWith("--camera: "), camera.getMessage());
    }

    @Test
    void twoSourcesAtOnceAreAUsageError() {
        assertEquals(AppCommand.BAD_INPUT, Main.execute("app", "--model", "m.zip", "--camera", "0", "--folder", dir.toString()));
        assertEquals(AppCommand.BAD_INPUT, Main.execute("app"));
    }
}
