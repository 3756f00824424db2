package io.siamese.data;

import org.bytedeco.opencv.opencv_core.Mat;

import java.io.IOException;

/** An image inside a zip archive. */
public record ZipImage(ZipArchive archive, String entry) implements ImageSource {

    @Override
    public Mat decode() {
        try {
            return Decoding.decode(archive.read(entry), name());
        } catch (IOException e) {
            throw new ImageDecodeException("cannot read " + name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return archive.path() + "!/" + entry;
    }
}
