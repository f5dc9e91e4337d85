package dev.dayshift.functions.images;

/** The input formats the pipeline accepts, as sniffed from the bytes (never from a name or content type). */
public enum SourceFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp"),
    GIF("image/gif"),
    BMP("image/bmp");

    private final String contentType;

    SourceFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The format's MIME type. */
    public String contentType() {
        return contentType;
    }
}
