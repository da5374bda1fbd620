package io.tributary.web.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Makes the hashes {@code tributary.security.principals} takes, from the packaged jar, no other tool needed:
 * <pre>
 * java -cp tributary.jar -Dloader.main=io.tributary.web.security.CredentialHasher \
 *      org.springframework.boot.loader.launch.PropertiesLauncher password        # reads the password from stdin
 * java -cp ... PropertiesLauncher api-key payments-service                      # makes a new key and its hash
 * </pre>
 * The secret is read from the console or stdin, never from the command line (shell history, process list).
 */
public final class CredentialHasher {

    private static final int BCRYPT_COST = 12;

    private CredentialHasher() {
    }

    public static void main(String[] args) throws IOException {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(BCRYPT_COST);
        PrintStream out = System.out;
        if (args.length == 1 && args[0].equals("password")) {
            out.println("{bcrypt}" + bcrypt.encode(readSecret()));
        } else if (args.length == 2 && args[0].equals("api-key")) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String key = args[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            out.println("key (give it to the client; it is not stored): " + key);
            out.println("hash (for tributary.security.principals." + args[1] + ".api-keys): {bcrypt}" + bcrypt.encode(key));
        } else {
            System.err.println("usage: CredentialHasher password   (reads it from stdin)\n"
                    + "       CredentialHasher api-key <principal name>");
            System.exit(2);
        }
    }

    private static String readSecret() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] secret = console.readPassword("password: ");
            return secret == null ? "" : new String(secret);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }
}
