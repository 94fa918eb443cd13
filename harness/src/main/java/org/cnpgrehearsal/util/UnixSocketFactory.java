package org.cnpgrehearsal.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Lets the PostgreSQL JDBC driver reach a server on its Unix socket, as libpq does for {@code host=/socket/dir}:
 * the driver takes a socket factory by class name with one argument, here the socket file
 * ({@code <dir>/.s.PGSQL.<port>}). Java 16's Unix domain channels carry the bytes; the TCP options the driver sets
 * mean nothing on a local socket and are accepted without effect.
 */
public final class UnixSocketFactory extends SocketFactory {

    private final Path socketFile;

    /** Called by the driver with {@code socketFactoryArg}. */
    public UnixSocketFactory(String socketFile) {
        this.socketFile = Path.of(socketFile);
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(socketFile);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        Socket s = createSocket();
        s.connect(null);
        return s;
    }

    /** A {@link Socket} over a Unix domain channel: the driver only connects, reads, writes and closes. */
    private static final class UnixSocket extends Socket {
        private final Path file;
        private SocketChannel channel;
        private InputStream in;
        private OutputStream out;

        UnixSocket(Path file) {
            this.file = file;
        }

        @Override
        public void connect(SocketAddress ignored) throws IOException {
            connect(ignored, 0);
        }

        @Override
        public void connect(SocketAddress ignored, int timeout) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(file));
            } catch (IOException e) {
                channel.close();
                throw new IOException("cannot connect to the Unix socket " + file + ": " + e.getMessage(), e);
            }
            in = Channels.newInputStream(channel);
            out = Channels.newOutputStream(channel);
        }

        @Override
        public boolean isConnected() {
            return channel != null && channel.isConnected();
        }

        @Override
        public boolean isClosed() {
            return channel != null && !channel.isOpen();
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public synchronized void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        public void setTcpNoDelay(boolean on) {}

        @Override
        public void setKeepAlive(boolean on) {}

        @Override
        public synchronized void setSoTimeout(int timeout) {}

        @Override
        public synchronized int getSoTimeout() {
            return 0;
        }

        @Override
        public synchronized void setReceiveBufferSize(int size) {}

        @Override
        public synchronized void setSendBufferSize(int size) {}
    }
}
