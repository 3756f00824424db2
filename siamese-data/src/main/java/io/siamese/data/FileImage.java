package io.siamese.data;

import org.bytedeco.opencv.opencv_core.Mat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An image file on disk. */
public record FileImage(Path path) implements ImageSource {

    @Override
    public Mat decode() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ImageDecodeException("cannot read image " + path + ": " + e.getMessage(), e);
        }
        return Decoding.decode(bytes, path.toString());
    }

    @Override
    public String name() {
        return path.toString();
    }
}
