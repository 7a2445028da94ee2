package dev.o2ext.cdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes small stand-ins for the layer zips, so tests do not depend on the real layer build. */
final class DummyLayerZips {

    private DummyLayerZips() {
    }

    /**
     * Writes {@code o2-lambda-extension-<arch>.zip} for each architecture name into {@code dir}; a
     * name that starts with {@code o2-} is taken as the whole file name (a variant's zip).
     */
    static Path write(Path dir, String... architectures) throws IOException {
        for (String arch : architectures) {
            Path zip = dir.resolve(arch.startsWith("o2-") ? arch : "o2-lambda-extension-" + arch + ".zip");
            try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
                zipOut.putNextEntry(new ZipEntry("extensions/o2-lambda-extension"));
                // Content differs per architecture, so each zip is its own asset.
                zipOut.write(("#!/bin/sh\necho dummy " + arch + "\n").getBytes(StandardCharsets.UTF_8));
                zipOut.closeEntry();
            }
        }
        return dir;
    }
}
