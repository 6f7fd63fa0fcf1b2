/*
 * virtuoso.h: a private Virtuoso server for a data directory
 * (output/virtuoso.c), the engine behind "virtuoso:DIR" stores: created
 * with a generated password, started on demand on loopback ports, shared
 * by every newsgraph process using DIR, and stopped cleanly by the last
 * one to leave.  Internal to output/.
 */
#ifndef NG_OUTPUT_VIRTUOSO_H
#define NG_OUTPUT_VIRTUOSO_H

#include "newsgraph.h"

typedef struct NgVirtuoso NgVirtuoso;

/* Attaches to the server of dir, creating the database (dir absent or
 * empty) and starting the server when needed.  create 0: a missing
 * database is an error (NG_ERR_STORE, logged).  New: ng_virtuoso_detach. */
NgStatus ng_virtuoso_attach(const char *dir, int create, NgVirtuoso **out);

/* The server's HTTP root ("http://127.0.0.1:PORT"), the administrator's
 * password, the directory it loads spooled files from.  Borrowed. */
const char *ng_virtuoso_url(const NgVirtuoso *v);
const char *ng_virtuoso_password(const NgVirtuoso *v);
const char *ng_virtuoso_spool(const NgVirtuoso *v);
const char *ng_virtuoso_dir(const NgVirtuoso *v);

/* Detaches; the last process attached stops the server (a checkpoint,
 * then SIGTERM, waiting for it to exit).  Accepts NULL. */
void ng_virtuoso_detach(NgVirtuoso *v);

#endif /* NG_OUTPUT_VIRTUOSO_H */
