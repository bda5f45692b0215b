/* The terminal (tui/terminal.c): check TERM, start and stop curses, the signal
 * flags the loop reads, the colour scheme.  One terminal per process. */
#ifndef VMATOP_TUI_TERMINAL_H
#define VMATOP_TUI_TERMINAL_H

#include <stdbool.h>

#include "view.h"

/* TERM must name a terminfo entry that addresses the cursor; -1 (said on
 * stderr) when not. */
int vt_term_check(void);
/* Handlers for every terminating, job-control and crash signal; -1 on error. */
int vt_term_signals(void);
/* curses on stdout/stdin, colours per -C and the terminal; ctx->rows/cols set. */
int vt_term_start(vt_ctx *ctx);
/* Leave curses and put the saved termios back (no-op when not started). */
void vt_term_stop(void);
/* After the screen is gone: end by the terminating signal that ended the
 * loop (other than SIGINT), as without the handler. */
void vt_term_reraise(void);

/* The self-pipe signal handlers write to (poll it), and emptying it. */
int vt_term_signal_fd(void);
void vt_term_drain(void);
/* The terminating signal received, 0 if none. */
int vt_term_quit_signal(void);
/* SIGCONT / SIGWINCH since the last call (SIGCONT also restores the tty modes). */
bool vt_term_take_cont(void);
bool vt_term_take_winch(void);
/* Take the terminal's size now into curses and ctx. */
void vt_term_resize(vt_ctx *ctx);

#endif
