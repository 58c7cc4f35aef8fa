/*-------------------------------------------------------------------------
 *
 * zeromile.h
 *	  Helpers shared by the extension's PostgreSQL-facing files.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ZEROMILE_H
#define ZEROMILE_H

/*
 * The first len bytes at s for quoting in a message: a palloc'd copy,
 * clipped on a character boundary to at most max bytes and marked "..."
 * when clipped, so that a huge input cannot make a huge error.
 */
extern char *zm_quote_clipped(const char *s, size_t len, int max);

/* How much of a bad input value an error message quotes, in bytes */
#define ZM_MAX_QUOTED	100

#endif							/* ZEROMILE_H */
