package org.cnpgrehearsal.report;

/** A minimal builder for well-formed XHTML: every text and attribute value goes through {@link #esc}. */
final class Html {

    private final StringBuilder b = new StringBuilder();

    /** Escapes text for element content and attribute values; drops characters XML 1.0 cannot hold. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder o = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> o.append("&amp;");
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '"' -> o.append("&quot;");
                case '\'' -> o.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
                        o.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c)
                            && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
                        o.append('\uFFFD');
                    } else if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                        o.append('\uFFFD');
                    } else {
                        o.append(c);
                    }
                }
            }
        }
        return o.toString();
    }

    /** Opens {@code tag} with attribute name/value pairs (a null value leaves the attribute out). */
    Html open(String tag, String... attrs) {
        b.append('<').append(tag);
        attrs(attrs);
        b.append('>');
        return this;
    }

    Html close(String tag) {
        b.append("</").append(tag).append('>');
        return this;
    }

    /** An element with escaped text content. */
    Html el(String tag, String text, String... attrs) {
        open(tag, attrs);
        b.append(esc(text));
        return close(tag);
    }

    Html text(String text) {
        b.append(esc(text));
        return this;
    }

    /** Markup built by this class or {@link Svg}, already well-formed and escaped. */
    Html raw(String markup) {
        b.append(markup);
        return this;
    }

    Html nl() {
        b.append('\n');
        return this;
    }

    private void attrs(String... attrs) {
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                b.append(' ')
                        .append(attrs[i])
                        .append("=\"")
                        .append(esc(attrs[i + 1]))
                        .append('"');
            }
        }
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
