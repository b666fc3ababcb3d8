package dev.mlcompose.runner.cli.output;

import java.math.BigDecimal;
import java.math.MathContext;

/** Sizes as the docker CLI writes them (go-units): decimal with 3 significant digits, binary with 4. */
public final class Sizes {

    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /** {@code HumanSizeWithPrecision(size, 3)}: 1985631 is "1.99MB". */
    public static String decimal(long bytes) {
        return of(bytes, 1000, 3, DECIMAL);
    }

    /** {@code BytesSize}: 831488 is "812KiB". */
    public static String binary(long bytes) {
        return of(bytes, 1024, 4, BINARY);
    }

    private static String of(long bytes, int base, int digits, String[] units) {
        double size = bytes;
        int unit = 0;
        while (size >= base && unit < units.length - 1) {
            size /= base;
            unit++;
        }
        return new BigDecimal(size).round(new MathContext(digits)).stripTrailingZeros().toPlainString() + units[unit];
    }
}
