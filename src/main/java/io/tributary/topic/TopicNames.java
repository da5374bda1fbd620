package io.tributary.topic;

import io.tributary.common.errors.InvalidTopicException;

/**
 * Kafka's topic name rules: 1 to 249 characters of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}. A topic name
 * becomes a directory name, so every name from a request passes here before anything looks at the disk; that also
 * rules out path traversal ({@code /}, {@code ..}).
 */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** @return the name, when valid; @throws InvalidTopicException explaining what is wrong with it */
    public static String requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidTopicException("Invalid topic name '" + shorten(name) + "': " + problem + ".");
        }
        return name;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "it is " + name.length() + " characters long, at most " + MAX_LENGTH + " are allowed";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'.' and '..' are not allowed";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return "only ASCII letters, digits, '.', '_' and '-' are allowed";
            }
        }
        return null;
    }

    private static String shorten(String name) {
        if (name == null) {
            return "";
        }
        return name.length() <= 60 ? name : name.substring(0, 60) + "...";
    }
}
