package taskforce.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server (mongo-java-server, with {@link IdFirstBackends}' lookup by {@code _id}). Services
 * only see a {@code mongodb://} URI, exactly as they would with a real MongoDB.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Data kept in memory only: for tests. {@code port} 0 picks a free one. */
    public static EmbeddedMongo inMemory(int port) {
        return start(new IdFirstBackends.Memory(), port);
    }

    /** Data kept in an H2 file, so it survives a restart: for the local stack. */
    public static EmbeddedMongo fileBacked(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(new IdFirstBackends.H2(file.toAbsolutePath().toString()), port);
    }

    private static EmbeddedMongo start(MongoBackend backend, int port) {
        MongoServer server = new MongoServer(backend);
        try {
            if (port > 0) {
                server.bind("127.0.0.1", port);
                return new EmbeddedMongo(server, new InetSocketAddress("127.0.0.1", port));
            }
            return new EmbeddedMongo(server, server.bind());
        } catch (Exception e) { // Netty throws a BindException it does not declare
            // the backend (an open H2 file and its writer thread) must not outlive a failed start
            server.shutdownNow();
            throw new IllegalStateException(
                    "the MongoDB-compatible store could not listen on 127.0.0.1:" + port + " (" + e + ")", e);
        }
    }

    /** The URI of one database on this server. */
    public String uri(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    /**
     * Documents the store has matched against filters so far, over all its databases and collections in this JVM
     * (MongoDB's {@code totalDocsExamined}): a lookup adds one per document found, a scan the whole collection.
     */
    public static long documentsExamined() {
        return IdFirstBackends.EXAMINED.sum();
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
