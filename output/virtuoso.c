/*
 * virtuoso.c: runs a private Virtuoso (Debian virtuoso-opensource-7-bin,
 * the virtuoso-t program) for a data directory:
 *
 *   DIR/newsgraph-virtuoso   marker and settings (ports)
 *   DIR/password             the generated administrator password (0600)
 *   DIR/virtuoso.ini         the generated configuration
 *   DIR/db/                  the database and its log (virtuoso.log)
 *   DIR/spool/               batches of N-Quads the server loads
 *   DIR/lock                 who is using the server (flock)
 *
 * The database is created with the password set at creation (virtuoso-t
 * +pwddba, before any port is open); the server listens on 127.0.0.1 only,
 * on ports chosen when it starts.  Every process using DIR holds a shared
 * lock on DIR/lock; starting and stopping happen under the exclusive lock,
 * and a process leaving stops the server only when it can take the
 * exclusive lock, i.e. when nobody else is attached (newsgraph serve stays
 * attached until it is interrupted).
 */
#define _GNU_SOURCE /* realpath, O_CLOEXEC */
#include "output/virtuoso.h"

#include "buf.h"
#include "util.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARKER "newsgraph-virtuoso"
#define SERVER_PROGRAM "virtuoso-t"
/* Seconds to wait for the server to start, and to stop. */
#define START_TIMEOUT 180
#define STOP_TIMEOUT 120

struct NgVirtuoso {
  char *dir;
  char *url;
  char *password;
  char *spool;
  int lock_fd;
  int sql_port, http_port;
};

const char *ng_virtuoso_url(const NgVirtuoso *v) {
  return v->url;
}
const char *ng_virtuoso_password(const NgVirtuoso *v) {
  return v->password;
}
const char *ng_virtuoso_spool(const NgVirtuoso *v) {
  return v->spool;
}
const char *ng_virtuoso_dir(const NgVirtuoso *v) {
  return v->dir;
}

static char *path_in(const NgVirtuoso *v, const char *name) {
  NgBuf b = NG_BUF_INIT;
  ng_buf_printf(&b, "%s/%s", v->dir, name);
  return ng_buf_detach(&b);
}

static int exists(const char *path) {
  return access(path, F_OK) == 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
report(const char *dir, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ng_vlog(NG_LOG_ERROR, dir, 0, (size_t)-1, NULL, fmt, ap);
  va_end(ap);
}

/* ------------------------------------------------------------- files */

static char *read_small(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  char buf[4096];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return ng_strdup(buf);
}

/* Writes text to path (mode), through a temporary file renamed in place. */
static int write_file(const char *path, const char *text, mode_t mode) {
  NgBuf tmp = NG_BUF_INIT;
  ng_buf_printf(&tmp, "%s.tmp", path);
  int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC, mode);
  int ok = fd >= 0;
  if (ok) {
    size_t len = strlen(text);
    ok = write(fd, text, len) == (ssize_t)len;
    ok &= close(fd) == 0;
  }
  ok = ok && rename(tmp.data, path) == 0;
  if (!ok) {
    unlink(tmp.data);
  }
  ng_buf_release(&tmp);
  return ok;
}

/* ------------------------------------------------------------ settings */

static int read_ports(NgVirtuoso *v) {
  char *m = path_in(v, MARKER);
  char *text = m ? read_small(m) : NULL;
  free(m);
  if (!text) {
    return 0;
  }
  const char *s = strstr(text, "sql_port=");
  const char *h = strstr(text, "http_port=");
  v->sql_port = s ? atoi(s + 9) : 0;
  v->http_port = h ? atoi(h + 10) : 0;
  free(text);
  return v->sql_port > 0 && v->http_port > 0;
}

static int port_free(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return 0;
  }
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int ok = bind(fd, (struct sockaddr *)&a, sizeof a) == 0;
  close(fd);
  return ok;
}

/* A port the kernel has free on loopback now. */
static int free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return 0;
  }
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
      getsockname(fd, (struct sockaddr *)&a, &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(fd);
  return port;
}

/* Writes the marker (ports) and the server configuration. */
static int write_config(NgVirtuoso *v) {
  NgBuf m = NG_BUF_INIT, ini = NG_BUF_INIT;
  ng_buf_printf(&m,
                "# newsgraph's private Virtuoso (see doc/store.md)\n"
                "sql_port=%d\nhttp_port=%d\n",
                v->sql_port, v->http_port);
  const char *d = v->dir;
  ng_buf_printf(
      &ini,
      "; generated by newsgraph for its private server: edits are lost\n"
      "[Database]\n"
      "DatabaseFile = %s/db/virtuoso.db\n"
      "ErrorLogFile = %s/db/virtuoso.log\n"
      "LockFile = %s/db/virtuoso.lck\n"
      "TransactionFile = %s/db/virtuoso.trx\n"
      "xa_persistent_file = %s/db/virtuoso.pxa\n"
      "ErrorLogLevel = 7\n"
      "FileExtend = 200\n"
      "MaxCheckpointRemap = 2000\n"
      "Striping = 0\n"
      "TempStorage = TempDatabase\n"
      "\n[TempDatabase]\n"
      "DatabaseFile = %s/db/virtuoso-temp.db\n"
      "TransactionFile = %s/db/virtuoso-temp.trx\n"
      "MaxCheckpointRemap = 2000\n"
      "Striping = 0\n"
      "\n[Parameters]\n"
      "ServerPort = 127.0.0.1:%d\n"
      "ServerThreads = 10\n"
      "CheckpointInterval = 60\n"
      "NumberOfBuffers = 85000\n"
      "MaxDirtyBuffers = 65000\n"
      "MaxQueryMem = 1G\n"
      "DirsAllowed = %s/spool\n"
      "\n[HTTPServer]\n"
      "ServerPort = 127.0.0.1:%d\n"
      "ServerRoot = %s/db\n"
      "ServerThreads = 10\n"
      "MaxKeepAlives = 10\n"
      "KeepAliveTimeout = 10\n"
      "\n[SPARQL]\n"
      "; no limit may cut an answer short: a cut answer would be wrong\n"
      "ResultSetMaxRows = 2000000000\n"
      "MaxQueryExecutionTime = 0\n"
      "MaxQueryCostEstimationTime = 0\n"
      "MaxConstructTriples = 2000000000\n",
      d, d, d, d, d, d, d, v->sql_port, d, v->http_port, d);
  char *mp = path_in(v, MARKER), *ip = path_in(v, "virtuoso.ini");
  int ok = mp && ip && write_file(mp, m.data, 0644) &&
           write_file(ip, ini.data, 0600);
  free(mp);
  free(ip);
  ng_buf_release(&m);
  ng_buf_release(&ini);
  return ok;
}

static int choose_ports(NgVirtuoso *v) {
  for (int tries = 0; tries < 20; ++tries) {
    int a = free_port(), b = free_port();
    if (a && b && a != b) {
      v->sql_port = a;
      v->http_port = b;
      return 1;
    }
  }
  return 0;
}

/* 16 random letters and digits (Virtuoso 7.2 refuses longer DBA
 * passwords at login, though it accepts them at creation). */
static char *new_password(void) {
  static const char alphabet[] =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  unsigned char raw[16];
  FILE *f = fopen("/dev/urandom", "rb");
  int ok = f && fread(raw, 1, sizeof raw, f) == sizeof raw;
  if (f) {
    fclose(f);
  }
  if (!ok) {
    return NULL;
  }
  char *p = malloc(sizeof raw + 1);
  if (p) {
    for (size_t i = 0; i < sizeof raw; ++i) {
      p[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    }
    p[sizeof raw] = '\0';
  }
  return p;
}

/* ------------------------------------------------------------ processes */

/* Runs argv in dir, stdout and stderr to log (a path, or NULL for
 * /dev/null); returns its exit status, -1 when it cannot run. */
static int run(const char *dir, char *const argv[], const char *log) {
  pid_t pid = fork();
  if (pid < 0) {
    return -1;
  }
  if (pid == 0) {
    /* the server must see the signals the caller blocked (serve waits
     * for SIGINT and SIGTERM with them blocked) */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0600);
    int null = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    if (null >= 0) {
      dup2(null, 0);
    }
    if (chdir(dir) != 0) {
      _exit(126);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The pid virtuoso-t wrote in its lock file, if that process is alive and
 * is virtuoso-t. */
static pid_t server_pid(const NgVirtuoso *v) {
  char *lck = path_in(v, "db/virtuoso.lck");
  char *text = lck ? read_small(lck) : NULL;
  free(lck);
  const char *p = text ? strstr(text, "VIRT_PID=") : NULL;
  pid_t pid = p ? (pid_t)atol(p + 9) : 0;
  free(text);
  if (pid <= 0 || kill(pid, 0) != 0) {
    return 0;
  }
  NgBuf proc = NG_BUF_INIT;
  ng_buf_printf(&proc, "/proc/%ld/cmdline", (long)pid);
  char *cmd = read_small(proc.data);
  ng_buf_release(&proc);
  int ours = cmd && strstr(cmd, SERVER_PROGRAM);
  free(cmd);
  return ours ? pid : 0;
}

/* Whether the HTTP port accepts connections. */
static int http_up(const NgVirtuoso *v) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return 0;
  }
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)v->http_port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
  close(fd);
  return ok;
}

/* The last lines of the server's log, for error messages. */
static void log_tail(const NgVirtuoso *v) {
  char *path = path_in(v, "db/virtuoso.log");
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (f) {
    char lines[6][256] = {{0}};
    int n = 0;
    char buf[256];
    while (fgets(buf, sizeof buf, f)) {
      buf[strcspn(buf, "\n")] = '\0';
      if (*buf) {
        snprintf(lines[n % 6], sizeof lines[0], "%s", buf);
        ++n;
      }
    }
    fclose(f);
    for (int i = n > 6 ? n - 6 : 0; i < n; ++i) {
      ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "%s", lines[i % 6]);
    }
  }
  free(path);
}

static int program_available(void) {
  const char *path = getenv("PATH");
  NgBuf b = NG_BUF_INIT;
  int found = 0;
  for (const char *p = path ? path : "/usr/bin:/bin"; !found && *p;) {
    size_t n = strcspn(p, ":");
    ng_buf_reset(&b);
    ng_buf_printf(&b, "%.*s/%s", (int)n, p, SERVER_PROGRAM);
    found = access(b.data, X_OK) == 0;
    p += n + (p[n] == ':');
  }
  ng_buf_release(&b);
  return found;
}

/* Creates the database with the password, before any port is open. */
static NgStatus create_database(NgVirtuoso *v) {
  char *db = path_in(v, "db"), *spool = path_in(v, "spool");
  char *pw_path = path_in(v, "password"), *ini = path_in(v, "virtuoso.ini");
  char *log = path_in(v, "db/create.log");
  NgStatus st = NG_SUCCESS;
  if (!db || !spool || !pw_path || !ini || !log) {
    st = NG_ERR_NOMEM;
  } else if ((mkdir(db, 0700) && errno != EEXIST) ||
             (mkdir(spool, 0700) && errno != EEXIST)) {
    report(v->dir, "cannot create the server's directories: %s",
           strerror(errno));
    st = NG_ERR_STORE;
  } else if (!(v->password = new_password())) {
    report(v->dir, "cannot generate a password: no /dev/urandom");
    st = NG_ERR_STORE;
  } else if (!write_file(pw_path, v->password, 0600) || !choose_ports(v) ||
             !write_config(v)) {
    report(v->dir, "cannot write the server's configuration: %s",
           strerror(errno));
    st = NG_ERR_STORE;
  } else {
    char *argv[] = {
        (char *)SERVER_PROGRAM, (char *)"+configfile", ini,
        (char *)"+foreground",  (char *)"+pwdold",     (char *)"dba",
        (char *)"+pwddba",      v->password,           NULL};
    int rc = run(db, argv, log);
    char *text = read_small(log);
    if (rc != 0 || !text) {
      report(v->dir,
             "cannot create the Virtuoso database (%s exited with "
             "an error; see db/create.log and db/virtuoso.log)",
             SERVER_PROGRAM);
      log_tail(v);
      st = NG_ERR_STORE;
    }
    free(text);
  }
  free(db);
  free(spool);
  free(pw_path);
  free(ini);
  free(log);
  return st;
}

static NgStatus start_server(NgVirtuoso *v) {
  if (!port_free(v->sql_port) || !port_free(v->http_port)) {
    if (!choose_ports(v) || !write_config(v)) {
      report(v->dir, "cannot find free ports for the server");
      return NG_ERR_STORE;
    }
  } else if (!write_config(v)) {
    report(v->dir, "cannot write the server's configuration: %s",
           strerror(errno));
    return NG_ERR_STORE;
  }
  char *db = path_in(v, "db"), *ini = path_in(v, "virtuoso.ini");
  char *argv[] = {(char *)SERVER_PROGRAM, (char *)"+configfile", ini,
                  (char *)"+wait", NULL};
  int rc = db && ini ? run(db, argv, NULL) : -1;
  free(db);
  free(ini);
  /* +wait returns once the server is online; give the HTTP side a moment */
  for (int i = 0; rc == 0 && i < START_TIMEOUT * 10 && !http_up(v); ++i) {
    struct timespec ts = {0, 100000000};
    nanosleep(&ts, NULL);
  }
  if (rc != 0 || !http_up(v)) {
    report(v->dir, "the Virtuoso server did not start (%s); its log says:",
           rc < 0 ? "cannot run virtuoso-t" : "see db/virtuoso.log");
    log_tail(v);
    return NG_ERR_STORE;
  }
  return NG_SUCCESS;
}

/* ---------------------------------------------------------------- public */

/* Reads the password and ports; with create, makes the database first
 * when there is none.  0 (reported when create) on failure. */
static int load_settings(NgVirtuoso *v, int create) {
  char *db = path_in(v, "db/virtuoso.db");
  int have_db = db && exists(db);
  free(db);
  if (!have_db) {
    return create && !create_database(v);
  }
  if (!v->password) {
    char *pw = path_in(v, "password");
    v->password = pw ? read_small(pw) : NULL;
    free(pw);
  }
  if (!v->password || !read_ports(v)) {
    if (create) {
      report(v->dir, "cannot read the server's settings (the password or "
                     "newsgraph-virtuoso file is missing)");
    }
    return 0;
  }
  return 1;
}

void ng_virtuoso_detach(NgVirtuoso *v) {
  if (!v) {
    return;
  }
  if (v->lock_fd >= 0 && flock(v->lock_fd, LOCK_EX | LOCK_NB) == 0) {
    /* nobody else attached: stop the server */
    pid_t pid = server_pid(v);
    if (pid > 0) {
      kill(pid, SIGTERM);
      for (int i = 0; i < STOP_TIMEOUT * 20 && kill(pid, 0) == 0; ++i) {
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
      }
      if (kill(pid, 0) == 0) {
        ng_log(NG_LOG_WARNING, v->dir, 0, (size_t)-1, NULL,
               "the Virtuoso server did not stop in %d s; killed",
               STOP_TIMEOUT);
        kill(pid, SIGKILL);
      }
    }
  }
  if (v->lock_fd >= 0) {
    close(v->lock_fd);
  }
  free(v->dir);
  free(v->url);
  if (v->password) {
    memset(v->password, 0, strlen(v->password));
  }
  free(v->password);
  free(v->spool);
  free(v);
}

NgStatus ng_virtuoso_attach(const char *dir, int create, NgVirtuoso **out) {
  *out = NULL;
  if (!*dir) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "missing directory in store spec virtuoso:DIR");
    return NG_ERR_BAD_ARG;
  }
  if (!program_available()) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "virtuoso:DIR stores need the Virtuoso server program %s (Debian "
           "package virtuoso-opensource-7-bin)",
           SERVER_PROGRAM);
    return NG_ERR_STORE;
  }
  NgVirtuoso *v = calloc(1, sizeof *v);
  if (!v) {
    return NG_ERR_NOMEM;
  }
  v->lock_fd = -1;
  NgStatus st = NG_SUCCESS;
  NgBuf marker = NG_BUF_INIT;
  ng_buf_printf(&marker, "%s/" MARKER, dir);
  int ours = exists(marker.data);
  ng_buf_release(&marker);
  if (!ours && !create) {
    ng_log(NG_LOG_ERROR, dir, 0, (size_t)-1, NULL,
           "no newsgraph Virtuoso database here (create it with newsgraph "
           "load --store virtuoso:%s)",
           dir);
    free(v);
    return NG_ERR_STORE;
  }
  if (!ours) {
    struct stat sb;
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
      report(dir, "not a directory");
      free(v);
      return NG_ERR_STORE;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
      report(dir, "cannot create the store directory: %s", strerror(errno));
      free(v);
      return NG_ERR_STORE;
    }
    /* an existing directory must be empty: the database is not put among
     * someone else's files */
    if (rmdir(dir) == 0) {
      mkdir(dir, 0700);
    } else if (errno == ENOTEMPTY || errno == EEXIST) {
      report(dir, "the directory is not empty and holds no newsgraph "
                  "Virtuoso database");
      free(v);
      return NG_ERR_STORE;
    }
  }
  char real[PATH_MAX];
  if (!realpath(dir, real)) {
    report(dir, "cannot resolve the store directory: %s", strerror(errno));
    free(v);
    return NG_ERR_STORE;
  }
  v->dir = ng_strdup(real);
  char *lock = v->dir ? path_in(v, "lock") : NULL;
  v->lock_fd = lock ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
  free(lock);
  if (v->lock_fd < 0) {
    report(dir, "cannot lock the store directory: %s", strerror(errno));
    ng_virtuoso_detach(v);
    return NG_ERR_STORE;
  }
  /* Attached processes hold the lock shared; creating or starting the
   * server needs it exclusive, i.e. nobody else attached. */
  int attached = 0;
  for (int i = 0; !st && !attached && i < START_TIMEOUT * 5; ++i) {
    if (flock(v->lock_fd, LOCK_SH) != 0) {
      report(dir, "cannot lock the store directory: %s", strerror(errno));
      st = NG_ERR_STORE;
      break;
    }
    if (load_settings(v, 0) && server_pid(v) && http_up(v)) {
      attached = 1; /* running: join it */
      break;
    }
    if (flock(v->lock_fd, LOCK_EX | LOCK_NB) != 0) {
      /* someone else is attached or starting it: wait and look again */
      flock(v->lock_fd, LOCK_UN);
      struct timespec ts = {0, 200000000};
      nanosleep(&ts, NULL);
      continue;
    }
    st = load_settings(v, 1) ? NG_SUCCESS : NG_ERR_STORE;
    if (!st && !(server_pid(v) && http_up(v))) {
      st = start_server(v);
    }
    attached = !st;
  }
  if (!st && !attached) {
    report(dir, "the store's server is not running and another process "
                "holds its directory");
    st = NG_ERR_STORE;
  }
  if (!st) {
    NgBuf url = NG_BUF_INIT;
    ng_buf_printf(&url, "http://127.0.0.1:%d", v->http_port);
    v->url = ng_buf_detach(&url);
    v->spool = path_in(v, "spool");
    if (!v->url || !v->spool) {
      st = NG_ERR_NOMEM;
    }
  }
  if (st) {
    ng_virtuoso_detach(v);
    return st;
  }
  flock(v->lock_fd, LOCK_SH); /* attached: others may attach too */
  *out = v;
  return NG_SUCCESS;
}
