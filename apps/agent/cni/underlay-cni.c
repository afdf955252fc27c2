/*
 * underlay-cni: the CNI plugin binary. A runtime (Podman, containerd, the
 * kubelet) execs it once per call, so it holds no logic and starts in a few
 * milliseconds: it forwards the call (CNI_COMMAND, the CNI_* environment and
 * the network configuration from stdin) to the underlay agent on the same
 * host as one HTTP/1.1 request over the agent's unix socket
 *
 *   POST /cni/v1   Authorization: Bearer <token>
 *   {"command": "...", "env": {"CNI_...": "..."}, "config": "<stdin as text>"}
 *
 * and prints the reply's body on stdout, exiting with the status in the
 * reply's X-CNI-Exit header. Everything else (validation, IPAM, the kernel)
 * happens in the agent (apps/agent/src/cni/). It answers by itself only:
 *   - VERSION (the supported versions, no agent needed);
 *   - a missing or unknown CNI_COMMAND (code 4);
 *   - an agent that cannot be reached: code 11 "try again later" (ADD, DEL,
 *     CHECK, GC), code 50 "not available" (STATUS).
 *
 * Config keys it reads itself (strings): "agentSocket" (default
 * /run/underlay/agent.sock) and "tokenFile" (default /var/lib/underlay/token).
 * It writes JSON (escaped strings) but parses none: the two keys above and
 * "cniVersion" are found by a small scanner of the top-level object.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_SOCKET "/run/underlay/agent.sock"
#define DEFAULT_TOKEN "/var/lib/underlay/token"
#define SUPPORTED "[\"0.4.0\",\"1.0.0\",\"1.1.0\"]"
#define MAX_INPUT (1 << 20)
#define REPLY_TIMEOUT_S 300

extern char **environ;

struct buf {
  char *data;
  size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1) cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) exit(1);
    b->data = data;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

/* A JSON string literal of s (quotes included). */
static void put_json(struct buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  put(b, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      char esc[2] = {'\\', (char)c};
      put(b, esc, 2);
    } else if (c < 0x20) {
      char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      put(b, esc, 6);
    } else {
      put(b, (const char *)&c, 1);
    }
  }
  put(b, "\"", 1);
}

static const char *reply_version = "1.1.0";

/*
 * With UNDERLAY_CNI_TRACE set (the bench sets it; a runtime does not), the
 * plugin prints on stderr how long each of its phases took and the agent's
 * Server-Timing header (the agent's steps): where a call's time goes.
 */
static int tracing;
static double t_start, t_ready, t_connected, t_sent, t_answered;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Prints the spec's error object on stdout and exits 1. */
static void fail(int code, const char *msg, const char *details) {
  struct buf out = {0};
  puts_(&out, "{\"cniVersion\":");
  put_json(&out, reply_version, strlen(reply_version));
  char num[32];
  snprintf(num, sizeof num, ",\"code\":%d,\"msg\":", code);
  puts_(&out, num);
  put_json(&out, msg, strlen(msg));
  if (details) {
    puts_(&out, ",\"details\":");
    put_json(&out, details, strlen(details));
  }
  puts_(&out, "}\n");
  fwrite(out.data, 1, out.len, stdout);
  exit(1);
}

static size_t skip_ws(const char *s, size_t i, size_t n) {
  while (i < n && isspace((unsigned char)s[i])) i++;
  return i;
}

/* Index after the JSON string starting at s[i] == '"', or n when unterminated. */
static size_t skip_string(const char *s, size_t i, size_t n) {
  for (i++; i < n; i++) {
    if (s[i] == '\\') i++;
    else if (s[i] == '"') return i + 1;
  }
  return n;
}

/* Index after the JSON value at s[i] (objects and arrays by bracket depth). */
static size_t skip_value(const char *s, size_t i, size_t n) {
  int depth = 0;
  while (i < n) {
    char c = s[i];
    if (c == '"') {
      i = skip_string(s, i, n);
      if (depth == 0) return i;
      continue;
    }
    if (c == '{' || c == '[') depth++;
    else if (c == '}' || c == ']') {
      if (--depth <= 0) return i + 1;
    } else if (depth == 0 && (c == ',' || isspace((unsigned char)c))) return i;
    i++;
  }
  return n;
}

/*
 * The string value of a top-level key of the config object, unescaped
 * (\" \\ \/ only; a value with other escapes is returned as written), or NULL.
 */
static char *top_level_string(const char *s, size_t n, const char *key) {
  size_t i = skip_ws(s, 0, n), klen = strlen(key);
  if (i >= n || s[i] != '{') return NULL;
  i++;
  while (i < n) {
    i = skip_ws(s, i, n);
    if (i >= n || s[i] != '"') return NULL;
    size_t kstart = i + 1, kend = skip_string(s, i, n);
    i = skip_ws(s, kend, n);
    if (i >= n || s[i] != ':') return NULL;
    i = skip_ws(s, i + 1, n);
    if (kend - 1 - kstart == klen && memcmp(s + kstart, key, klen) == 0) {
      if (i >= n || s[i] != '"') return NULL;
      size_t vend = skip_string(s, i, n);
      char *out = malloc(vend - i + 1), *o = out;
      if (!out) exit(1);
      for (size_t j = i + 1; j + 1 < vend; j++) {
        if (s[j] == '\\' && (s[j + 1] == '"' || s[j + 1] == '\\' || s[j + 1] == '/')) j++;
        *o++ = s[j];
      }
      *o = '\0';
      return out;
    }
    i = skip_ws(s, skip_value(s, i, n), n);
    if (i < n && s[i] == ',') i++;
  }
  return NULL;
}

static void read_stdin(struct buf *in) {
  char chunk[65536];
  ssize_t got;
  while ((got = read(0, chunk, sizeof chunk)) != 0) {
    if (got < 0) {
      if (errno == EINTR) continue;
      fail(5, "stdin: cannot read the network configuration", strerror(errno));
    }
    if (in->len + (size_t)got > MAX_INPUT) fail(6, "stdin: the network configuration is over 1 MiB", NULL);
    put(in, chunk, (size_t)got);
  }
  if (!in->data) put(in, "", 0);
}

static int is_command(const char *c) {
  static const char *const known[] = {"ADD", "DEL", "CHECK", "VERSION", "GC", "STATUS"};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strcmp(c, known[i]) == 0) return 1;
  return 0;
}

/* The agent cannot be reached: the spec's "try again later", or "not available" for STATUS. */
static void unreachable(const char *command, const char *what, const char *path, int err) {
  char msg[512];
  snprintf(msg, sizeof msg, "agentSocket: the underlay agent is not reachable: %s %s: %s", what, path,
           strerror(err));
  fail(strcmp(command, "STATUS") == 0 ? 50 : 11, msg,
       "Start the underlay agent on this host (systemctl start underlay-agent); the runtime may retry.");
}

static char *read_token(const char *command, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    if (errno == ENOENT) unreachable(command, "no token file", path, errno);
    char msg[512];
    snprintf(msg, sizeof msg, "tokenFile: cannot read %s: %s", path, strerror(errno));
    fail(7, msg, "Run the plugin as root, or point tokenFile at the agent's token.");
  }
  char token[512];
  size_t n = fread(token, 1, sizeof token - 1, f);
  fclose(f);
  while (n > 0 && isspace((unsigned char)token[n - 1])) n--;
  token[n] = '\0';
  if (n == 0) fail(7, "tokenFile: the token file is empty", "Restart the agent to make a new token.");
  return strdup(token);
}

static void build_body(struct buf *body, const char *command, const struct buf *in) {
  puts_(body, "{\"command\":");
  put_json(body, command, strlen(command));
  puts_(body, ",\"env\":{");
  int first = 1;
  for (char **e = environ; *e; e++) {
    const char *eq = strchr(*e, '=');
    if (strncmp(*e, "CNI_", 4) != 0 || !eq) continue;
    if (!first) put(body, ",", 1);
    first = 0;
    put_json(body, *e, (size_t)(eq - *e));
    put(body, ":", 1);
    put_json(body, eq + 1, strlen(eq + 1));
  }
  puts_(body, "},\"config\":");
  put_json(body, in->data, in->len);
  put(body, "}", 1);
}

static int connect_agent(const char *command, const char *path) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) fail(7, "agentSocket: the socket path is too long", NULL);
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) unreachable(command, "socket", path, errno);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) unreachable(command, "cannot connect to", path, errno);
  struct timeval timeout = {.tv_sec = REPLY_TIMEOUT_S};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

static void write_all(int fd, const char *data, size_t len, const char *command, const char *path) {
  while (len > 0) {
    ssize_t sent = write(fd, data, len);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) unreachable(command, "cannot write to", path, errno);
    data += sent;
    len -= (size_t)sent;
  }
}

/* The value of header `name` (lower case) in the head, or NULL. */
static const char *header(char *head, const char *name) {
  size_t n = strlen(name);
  for (char *line = strstr(head, "\r\n"); line; line = strstr(line, "\r\n")) {
    line += 2;
    if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
      const char *v = line + n + 1;
      while (*v == ' ') v++;
      return v;
    }
  }
  return NULL;
}

/* Sends the request, prints the body of the reply, returns its exit status. */
static int call_agent(const char *command, const char *path, const char *token, const struct buf *body) {
  t_ready = now_ms();
  int fd = connect_agent(command, path);
  t_connected = now_ms();
  struct buf req = {0};
  char line[256];
  puts_(&req, "POST /cni/v1 HTTP/1.1\r\nHost: underlay\r\nConnection: close\r\n");
  puts_(&req, "Content-Type: application/json\r\nAuthorization: Bearer ");
  puts_(&req, token);
  snprintf(line, sizeof line, "\r\nContent-Length: %zu\r\n\r\n", body->len);
  puts_(&req, line);
  put(&req, body->data, body->len);
  write_all(fd, req.data, req.len, command, path);
  t_sent = now_ms();
  struct buf reply = {0};
  char chunk[65536];
  ssize_t got;
  while ((got = read(fd, chunk, sizeof chunk)) != 0) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) unreachable(command, "no answer (timeout or reset) from", path, errno);
    put(&reply, chunk, (size_t)got);
  }
  close(fd);
  t_answered = now_ms();
  char *end = reply.data ? strstr(reply.data, "\r\n\r\n") : NULL;
  if (!end) unreachable(command, "the connection closed without an answer on", path, EPIPE);
  *end = '\0';
  if (tracing) {
    const char *agent = header(reply.data, "server-timing");
    int alen = agent ? (int)strcspn(agent, "\r") : 0;
    fprintf(stderr, "underlay-cni %s: start %.1f ms, connect %.1f ms, send %.1f ms, reply %.1f ms; agent: %.*s\n",
            command, t_ready - t_start, t_connected - t_ready, t_sent - t_connected, t_answered - t_sent, alen,
            agent ? agent : "");
  }
  const char *exit_value = header(reply.data, "x-cni-exit");
  if (!exit_value) {
    char msg[512];
    snprintf(msg, sizeof msg, "agentSocket: %s answered without a CNI reply (%.40s)", path, reply.data);
    fail(100, msg, "Update the underlay agent: this one has no CNI endpoint.");
  }
  const char *payload = end + 4;
  fwrite(payload, 1, reply.len - (size_t)(payload - reply.data), stdout);
  return atoi(exit_value);
}

int main(void) {
  t_start = now_ms();
  tracing = getenv("UNDERLAY_CNI_TRACE") != NULL;
  const char *command = getenv("CNI_COMMAND");
  struct buf in = {0};
  if (command && strcmp(command, "VERSION") == 0) {
    printf("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":" SUPPORTED "}\n");
    return 0;
  }
  read_stdin(&in);
  char *version = top_level_string(in.data, in.len, "cniVersion");
  if (version && (!strcmp(version, "0.4.0") || !strcmp(version, "1.0.0"))) reply_version = version;
  if (!command || !*command) fail(4, "CNI_COMMAND: is not set", "Set CNI_COMMAND to one of ADD, DEL, CHECK, VERSION, GC, STATUS.");
  if (!is_command(command)) {
    char msg[256];
    snprintf(msg, sizeof msg, "CNI_COMMAND: \"%.64s\" is not a CNI command", command);
    fail(4, msg, "Set CNI_COMMAND to one of ADD, DEL, CHECK, VERSION, GC, STATUS.");
  }
  char *socket_path = top_level_string(in.data, in.len, "agentSocket");
  char *token_path = top_level_string(in.data, in.len, "tokenFile");
  const char *path = socket_path && *socket_path ? socket_path : DEFAULT_SOCKET;
  char *token = read_token(command, token_path && *token_path ? token_path : DEFAULT_TOKEN);
  struct buf body = {0};
  build_body(&body, command, &in);
  int status = call_agent(command, path, token, &body);
  fflush(stdout);
  return status;
}
