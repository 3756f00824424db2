package io.siamese.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An image file on disk. */
public record FileImage(Path path) implements EncodedImage {

    @Override
    public byte[] encoded() {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ImageDecodeException("cannot read image " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return path.toString();
    }
}
