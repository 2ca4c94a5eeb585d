package app.leaderboard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy between the service and a server, so that a test can take the
 * server away without stopping it: {@link #cut()} resets every open connection and
 * refuses new ones (the server is down); {@link #hang()} keeps connections open but
 * forwards nothing (a hung server or a network that drops packets); {@link #restore()}
 * forwards again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

	private final int port;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	private volatile boolean hung;

	public TcpProxy(int targetPort) {
		this.port = Loopback.freePort();
		this.targetPort = targetPort;
		restore();
	}

	public int port() {
		return this.port;
	}

	/** Forwards again: new connections reach the server. */
	public synchronized void restore() {
		this.hung = false;
		synchronized (this) {
			notifyAll();
		}
		if (this.listener != null && !this.listener.isClosed()) {
			return;
		}
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.listener = socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(() -> accept(this.listener), "proxy-accept-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** Resets every connection and refuses new ones. */
	public synchronized void cut() {
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// closed already
		}
		for (Socket socket : this.sockets) {
			try {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			catch (IOException ex) {
				// closed already
			}
		}
		this.sockets.clear();
	}

	/** Keeps every connection open, accepts new ones, and forwards nothing. */
	public void hang() {
		this.hung = true;
	}

	private void accept(ServerSocket listener) {
		while (!listener.isClosed()) {
			try {
				Socket client = listener.accept();
				Socket server = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(server);
				pump(client, server);
				pump(server, client);
			}
			catch (IOException ex) {
				// the listener was closed by cut(), or the server refused: the client
				// sees a reset
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					awaitNotHung();
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side went away
			}
			finally {
				close(from);
				close(to);
			}
		}, "proxy-pump-" + this.port);
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitNotHung() {
		synchronized (this) {
			while (this.hung) {
				try {
					wait(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void close(Socket socket) {
		this.sockets.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

	@Override
	public void close() {
		cut();
	}

}
