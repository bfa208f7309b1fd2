package taskforce.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that tests and the local stack start. Chosen below the kernel's ephemeral range (32768 and up
 * on Linux), because a port the kernel hands out for {@code new ServerSocket(0)} is one it may hand again, moments
 * later, to an outgoing connection (a Kafka client's, say) as its local port, and the server that was to listen on
 * it then fails with "address already in use". Never the same port twice in one JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int BELOW_EPHEMERAL = 32_000;
    private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = random.nextInt(LOWEST, BELOW_EPHEMERAL);
            if (!handedOut.contains(port) && bindable(port) && handedOut.add(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            handedOut.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Free on every interface and on the loopback one, where the servers listen. */
    private static boolean bindable(int port) {
        try (ServerSocket any = new ServerSocket();
                ServerSocket loopback = new ServerSocket()) {
            any.setReuseAddress(false);
            any.bind(new InetSocketAddress(port));
            any.close();
            loopback.setReuseAddress(false);
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
