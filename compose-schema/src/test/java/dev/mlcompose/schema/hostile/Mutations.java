package dev.mlcompose.schema.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Random damage to a Compose file, as an independent tester or a broken generator would do it: byte flips,
 * truncations, duplicated, removed and swapped lines, indentation changes, anchors, aliases, merge keys and
 * tags put in odd places, control characters, huge numbers. Deterministic for a given {@link Random}. Public for
 * the runner's tests, which send such files through the command line.
 */
public final class Mutations {

    /** One mutant: what was done (for the failure message) and the bytes. */
    public record Mutant(String description, byte[] bytes) {
    }

    private static final List<BiFunction<byte[], Random, Mutant>> OPERATORS = List.of(
            Mutations::flipByte, Mutations::truncate, Mutations::duplicateLine, Mutations::removeLine,
            Mutations::swapLines, Mutations::reindent, Mutations::anchorAndAlias, Mutations::mergeKey,
            Mutations::tag, Mutations::controlCharacter, Mutations::punctuation, Mutations::hugeNumber,
            Mutations::selfAlias);

    private Mutations() {
    }

    /** One to three mutations on top of each other. */
    public static Mutant mutate(byte[] original, Random random) {
        byte[] bytes = original;
        var done = new ArrayList<String>();
        int times = 1 + random.nextInt(3);
        for (int i = 0; i < times; i++) {
            Mutant m = OPERATORS.get(random.nextInt(OPERATORS.size())).apply(bytes, random);
            done.add(m.description());
            bytes = m.bytes();
        }
        return new Mutant(String.join(", ", done), bytes);
    }

    private static Mutant flipByte(byte[] b, Random r) {
        if (b.length == 0) {
            return new Mutant("nothing to flip", b);
        }
        byte[] out = b.clone();
        int at = r.nextInt(out.length);
        int bit = 1 << r.nextInt(8);
        out[at] ^= (byte) bit;
        return new Mutant("flip bit " + bit + " of byte " + at, out);
    }

    private static Mutant truncate(byte[] b, Random r) {
        int at = b.length == 0 ? 0 : r.nextInt(b.length);
        return new Mutant("truncate at " + at, Arrays.copyOf(b, at));
    }

    private static Mutant duplicateLine(byte[] b, Random r) {
        List<String> lines = lines(b);
        int i = r.nextInt(lines.size());
        lines.add(i, lines.get(i));
        return new Mutant("duplicate line " + (i + 1), join(lines));
    }

    private static Mutant removeLine(byte[] b, Random r) {
        List<String> lines = lines(b);
        int i = r.nextInt(lines.size());
        lines.remove(i);
        return new Mutant("remove line " + (i + 1), join(lines));
    }

    private static Mutant swapLines(byte[] b, Random r) {
        List<String> lines = lines(b);
        int i = r.nextInt(lines.size());
        int j = r.nextInt(lines.size());
        String t = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, t);
        return new Mutant("swap lines " + (i + 1) + " and " + (j + 1), join(lines));
    }

    private static Mutant reindent(byte[] b, Random r) {
        List<String> lines = lines(b);
        int i = r.nextInt(lines.size());
        int by = r.nextInt(7) - 3;
        String line = lines.get(i);
        lines.set(i, by > 0 ? " ".repeat(by) + line : line.substring(Math.min(-by, leading(line))));
        return new Mutant("indent line " + (i + 1) + " by " + by, join(lines));
    }

    private static Mutant anchorAndAlias(byte[] b, Random r) {
        List<String> lines = lines(b);
        int from = r.nextInt(lines.size());
        int to = r.nextInt(lines.size());
        lines.set(from, lines.get(from).replaceFirst(": ", ": &m" + from + " "));
        lines.set(to, lines.get(to).replaceFirst(": .*$", ": *m" + from));
        return new Mutant("anchor &m" + from + " on line " + (from + 1) + ", alias on line " + (to + 1), join(lines));
    }

    private static Mutant mergeKey(byte[] b, Random r) {
        List<String> lines = lines(b);
        int from = r.nextInt(lines.size());
        int to = r.nextInt(lines.size());
        lines.set(from, lines.get(from).replaceFirst(":\\s*$", ": &k" + from));
        lines.add(to, " ".repeat(leading(lines.get(to))) + "<<: *k" + from);
        return new Mutant("merge of line " + (from + 1) + " at line " + (to + 1), join(lines));
    }

    private static Mutant tag(byte[] b, Random r) {
        String[] tags = {"!reset ", "!override ", "!!int ", "!!str ", "!!float ", "!!bool ", "!!null ", "!custom ",
            "!!map ", "!!seq ", "!!binary "};
        List<String> lines = lines(b);
        int i = r.nextInt(lines.size());
        String t = tags[r.nextInt(tags.length)];
        lines.set(i, lines.get(i).replaceFirst(": ", ": " + t));
        return new Mutant("tag " + t.strip() + " on line " + (i + 1), join(lines));
    }

    private static Mutant controlCharacter(byte[] b, Random r) {
        char[] controls = {'\0', '\t', '\u001b', '\r', '\u0007', '\u007f', '\u0085', '\u2028', '\ufeff'};
        char c = controls[r.nextInt(controls.length)];
        return insert(b, r, String.valueOf(c), "control character U+" + String.format("%04X", (int) c));
    }

    private static Mutant punctuation(byte[] b, Random r) {
        String[] marks = {"{", "}", "[", "]", ":", "- ", "\"", "'", "#", "|", ">", "&", "*", "!", "%", "@", "`",
            "? ", ", ", "${", "$$", "${X:?boom}", "\n---\n", "\n...\n", "\n%YAML 1.1\n"};
        String m = marks[r.nextInt(marks.length)];
        return insert(b, r, m, "insert " + m.replace("\n", "\\n"));
    }

    private static Mutant hugeNumber(byte[] b, Random r) {
        String[] numbers = {"99999999999999999999", "18446744073709551616", "-9223372036854775809", "1e400",
            "0x7fffffffffffffffff", "0777777777777777777777777", ".inf", "-.nan"};
        String n = numbers[r.nextInt(numbers.length)];
        String text = new String(b, StandardCharsets.UTF_8);
        return new Mutant("numbers become " + n, text.replaceFirst("\\b\\d+\\b", n).getBytes(StandardCharsets.UTF_8));
    }

    private static Mutant selfAlias(byte[] b, Random r) {
        List<String> lines = lines(b);
        int i = r.nextInt(lines.size());
        String line = lines.get(i);
        if (!line.strip().endsWith(":")) {
            return new Mutant("no mapping on line " + (i + 1), b);
        }
        lines.set(i, line + " &self" + i);
        lines.add(i + 1, " ".repeat(leading(line) + 2) + (r.nextBoolean() ? "<<: *self" + i : "loop: *self" + i));
        return new Mutant("cycle through line " + (i + 1), join(lines));
    }

    private static Mutant insert(byte[] b, Random r, String what, String description) {
        int at = b.length == 0 ? 0 : r.nextInt(b.length);
        byte[] add = what.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + add.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(add, 0, out, at, add.length);
        System.arraycopy(b, at, out, at + add.length, b.length - at);
        return new Mutant(description + " at byte " + at, out);
    }

    private static List<String> lines(byte[] b) {
        var lines = new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
        if (lines.isEmpty()) {
            lines.add("");
        }
        return lines;
    }

    private static byte[] join(List<String> lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static int leading(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
