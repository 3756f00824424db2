package io.siamese.data;

import java.io.IOException;

/** An image inside a zip archive. */
public record ZipImage(ZipArchive archive, String entry) implements EncodedImage {

    @Override
    public byte[] encoded() {
        try {
            return archive.read(entry);
        } catch (IOException e) {
            throw new ImageDecodeException("cannot read " + name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return archive.path() + "!/" + entry;
    }
}
