package io.tributary.web.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriUtils;

/** Recognises the requests that address one consumer instance: {@code /consumers/{group}/instances/{instance}/...}. */
final class InstanceRequests {

    /** The instance a request addresses. */
    record Target(String group, String instance) {
    }

    private static final Pattern PATH = Pattern.compile("^/consumers/([^/]+)/instances/([^/]+)(/.*)?$");

    private InstanceRequests() {
    }

    /** @param path the request's path after the context path, still percent-encoded */
    static Optional<Target> target(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Target(UriUtils.decode(m.group(1), StandardCharsets.UTF_8),
                    UriUtils.decode(m.group(2), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a malformed escape: the controllers answer it here
        }
    }
}
