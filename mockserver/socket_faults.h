#pragma once

#include <optional>
#include <string>

namespace cometbench::mockserver::socket_faults {

// cpp-httplib 0.11.4 gives a handler no access to its socket, yet FIN or RST before any response
// byte, noticing that a held request's peer went away, and waking idle keep-alive connections at
// stop all need the accepted fd. Newer cpp-httplib versions have hooks for this; 0.11.4 does
// not, so this module finds the fd by its addresses. Every function here is thread-safe and
// touches only sockets of this process.

/// The accepted socket whose local port is `local_port` and whose peer is
/// `remote_addr`:`remote_port` (the values httplib puts in the Request), if any. Call it only
/// from the handler that owns that connection: then the fd cannot be closed and reused while in
/// use.
std::optional<int> find_connection_fd(int local_port, const std::string& remote_addr,
                                      int remote_port);

/// Graceful close before any response byte: the peer sees FIN (curl: 52 empty reply). httplib's
/// own later write fails quietly (its Server constructor ignores SIGPIPE) and it then closes fd.
void send_fin(int fd);

/// Abortive close: SO_LINGER {1, 0} makes the last close of the connection send RST (curl: 56).
/// The fd number is then taken over by a fresh unconnected socket via dup2(), which closes the
/// connection at once while the number stays valid for httplib, whose later write fails and
/// whose close then only closes that harmless stand-in.
void send_rst(int fd);

/// True when the peer has closed or reset the connection (EOF or an error; pipelined request
/// bytes do not count). Non-blocking.
bool peer_closed(int fd);

/// Half-closes (SHUT_RD) every accepted connection of this process whose local port is `port`.
/// Used at stop: httplib waits up to its keep-alive timeout on an idle connection, and a read
/// side shut down ends that wait at once (measured: ~1 s -> 1 ms) while a response already being
/// written still completes. Returns the number of sockets shut.
int shut_read_side_of_connections(int port);

}  // namespace cometbench::mockserver::socket_faults
