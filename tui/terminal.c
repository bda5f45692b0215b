/* The terminal: its check, setup and restore, the signals, the colours.
 *
 * Signal handlers only set flags and write a byte to a self-pipe the loop
 * polls; crash signals restore the terminal with async-signal-safe calls
 * (termios saved and escape strings captured at setup). */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "terminal.h"

/* Signal state: the one place with module globals (handlers need them). */
static volatile sig_atomic_t sig_quit;      /* the terminating signal, 0 if none */
static volatile sig_atomic_t sig_winch;
static volatile sig_atomic_t sig_cont;      /* resumed (SIGCONT): repaint everything */
static int sig_pipe[2] = { -1, -1 };
static struct termios saved_tio;
static volatile sig_atomic_t have_tio;
static char reset_seq[512];                 /* written on a crash: rmcup, cnorm, ... */
static size_t reset_len;
static SCREEN *screen;                      /* the one terminal */

static void on_signal(int sig)
{
	int saved = errno;
	if (sig == SIGWINCH)
		sig_winch = 1;
	else if (sig == SIGCONT)
		sig_cont = 1;
	else
		sig_quit = sig;
	if (sig_pipe[1] >= 0 && write(sig_pipe[1], "", 1) < 0) {
		/* the pipe is full: the loop wakes anyway */
	}
	errno = saved;
}

/* Async-signal-safe: termios saved at start and escape strings captured then. */
static void restore_terminal_raw(void)
{
	if (have_tio)
		tcsetattr(STDOUT_FILENO, TCSAFLUSH, &saved_tio);
	if (reset_len && write(STDOUT_FILENO, reset_seq, reset_len) < 0) {
		/* nothing more can be done in a crash */
	}
}

static void on_crash(int sig)
{
	restore_terminal_raw();
	signal(sig, SIG_DFL);
	raise(sig);
}

int vt_term_signals(void)
{
	/* Every signal whose default ends the process comes through the loop, so
	 * the terminal is restored before it ends (SIGCONT: a repaint). */
	static const int quits[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
				     SIGALRM, SIGPIPE, SIGWINCH, SIGCONT };
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	static char altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < sizeof(quits) / sizeof(quits[0]); i++)
		sigaction(quits[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	for (size_t i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
		sigaction(crashes[i], &sa, NULL);
	return 0;
}

static void append_cap(const char *cap)
{
	char *s = tigetstr((char *)cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (reset_len + n < sizeof(reset_seq)) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

/* What a crash handler writes to leave the terminal usable. */
static void capture_reset(void)
{
	static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1006l";
	reset_len = 0;
	append_cap("sgr0");
	append_cap("cnorm");
	append_cap("rmkx");
	memcpy(reset_seq + reset_len, mouse_off, sizeof(mouse_off) - 1);
	reset_len += sizeof(mouse_off) - 1;
	append_cap("rmcup");
}

/* Colour pairs, one per coloured role. */
static void init_color_attrs(vt_ctx *ctx)
{
	static const short pairs[VT_ROLE__COUNT][2] = {
		[VT_ROLE_LABEL] = { COLOR_CYAN, -1 },
		[VT_ROLE_TITLE] = { COLOR_BLACK, COLOR_GREEN },
		[VT_ROLE_SORTED] = { COLOR_BLACK, COLOR_CYAN },
		[VT_ROLE_SELECTED] = { COLOR_BLACK, COLOR_CYAN },
		[VT_ROLE_WARN] = { COLOR_YELLOW, -1 },
		[VT_ROLE_CRIT] = { COLOR_RED, -1 },
		[VT_ROLE_OVER] = { COLOR_WHITE, COLOR_RED },
		[VT_ROLE_DIM] = { COLOR_BLUE, -1 },
		[VT_ROLE_FLABEL] = { COLOR_BLACK, COLOR_CYAN },
		[VT_ROLE_BAR] = { COLOR_GREEN, -1 },
		[VT_ROLE_BAR_WARN] = { COLOR_YELLOW, -1 },
		[VT_ROLE_BAR_CRIT] = { COLOR_RED, -1 },
		[VT_ROLE_BAR_OVER] = { COLOR_WHITE, COLOR_RED },
	};
	bool defaults = use_default_colors() == OK;   /* -1: the terminal's own colours */
	for (int r = 0; r < VT_ROLE__COUNT; r++) {
		if (pairs[r][0] == 0 && pairs[r][1] == 0)
			continue;
		init_pair((short)r, pairs[r][0] < 0 && !defaults ? COLOR_WHITE : pairs[r][0],
			  pairs[r][1] < 0 && !defaults ? COLOR_BLACK : pairs[r][1]);
		ctx->attrs[r] = (unsigned)COLOR_PAIR(r);
	}
	ctx->attrs[VT_ROLE_VALUE] = A_BOLD;
	ctx->attrs[VT_ROLE_CRIT] |= A_BOLD;
	ctx->attrs[VT_ROLE_OVER] |= A_BOLD;
	ctx->attrs[VT_ROLE_DIM] |= A_BOLD;
	ctx->attrs[VT_ROLE_FKEY] = A_BOLD;
	for (int r = VT_ROLE_BAR; r <= VT_ROLE_BAR_OVER; r++)
		ctx->attrs[r] |= A_BOLD;
}

/* Without colour every role still reads: bold, underline, reverse. */
static void init_mono_attrs(vt_ctx *ctx)
{
	static const unsigned mono[VT_ROLE__COUNT] = {
		[VT_ROLE_LABEL] = A_NORMAL,
		[VT_ROLE_VALUE] = A_BOLD,
		[VT_ROLE_TITLE] = A_REVERSE,
		[VT_ROLE_SORTED] = A_REVERSE | A_BOLD | A_UNDERLINE,
		[VT_ROLE_SELECTED] = A_REVERSE | A_BOLD,
		[VT_ROLE_WARN] = A_BOLD,
		[VT_ROLE_CRIT] = A_BOLD | A_UNDERLINE,
		[VT_ROLE_OVER] = A_REVERSE | A_BOLD,
		[VT_ROLE_DIM] = A_DIM,
		[VT_ROLE_FKEY] = A_BOLD,
		[VT_ROLE_FLABEL] = A_REVERSE,
		[VT_ROLE_BAR] = A_BOLD,
		[VT_ROLE_BAR_WARN] = A_BOLD,
		[VT_ROLE_BAR_CRIT] = A_BOLD | A_UNDERLINE,
		[VT_ROLE_BAR_OVER] = A_REVERSE | A_BOLD,
	};
	memcpy(ctx->attrs, mono, sizeof(mono));
}

/* Whether the terminal gives colours (and -C was not given): set once. */
static bool term_colors;

void vt_ctx_apply_scheme(vt_ctx *ctx)
{
	ctx->color = term_colors && ctx->config.scheme != VT_SCHEME_MONO;
	memset(ctx->attrs, 0, sizeof(ctx->attrs));
	if (ctx->color)
		init_color_attrs(ctx);
	else
		init_mono_attrs(ctx);
}

int vt_term_start(vt_ctx *ctx)
{
	if (tcgetattr(STDOUT_FILENO, &saved_tio) == 0)
		have_tio = 1;
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return -1;
	capture_reset();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	typeahead(-1);             /* no input polling inside refresh(): one buffered update */
	set_escdelay(50);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	term_colors = !ctx->opts->no_color && has_colors() && start_color() == OK &&
		      COLORS >= 8 && COLOR_PAIRS > VT_ROLE__COUNT;
	vt_ctx_apply_scheme(ctx);
	ctx->rows = LINES;
	ctx->cols = COLS;
	return 0;
}

void vt_term_stop(void)
{
	if (!screen)
		return;
	mousemask(0, NULL);
	endwin();
	delscreen(screen);
	screen = NULL;
	if (have_tio)
		tcsetattr(STDOUT_FILENO, TCSAFLUSH, &saved_tio);
	have_tio = 0;
}

/* The terminal type must be known to terminfo and address the cursor:
 * TERM unset, empty, "dumb" or unknown is bad usage (exit 2), said before
 * any scan.  0 when the screen can start. */
int vt_term_check(void)
{
	const char *term = getenv("TERM");
	int err = 0;
	if (!term || !*term) {
		vt_errorf("TERM is not set: the interactive screen needs a terminal type (use -b for batch output)");
		return -1;
	}
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		vt_errorf("TERM=%s is not a terminal type terminfo knows: set TERM (e.g. xterm-256color) or use -b",
			  term);
		return -1;
	}
	const char *cup = tigetstr("cup");
	bool dumb = !cup || cup == (char *)-1 || tigetflag("hc") > 0;
	del_curterm(cur_term);
	if (dumb) {
		vt_errorf("TERM=%s cannot move the cursor: the interactive screen needs a full terminal (use -b for batch output)",
			  term);
		return -1;
	}
	return 0;
}

/* After the screen is gone: a terminating signal other than SIGINT ends the
 * process the way it would have without the handler. */
void vt_term_reraise(void)
{
	int sig = sig_quit;
	if (sig == 0 || sig == SIGINT)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

int vt_term_signal_fd(void)
{
	return sig_pipe[0];
}

void vt_term_drain(void)
{
	char buf[64];
	while (sig_pipe[0] >= 0 && read(sig_pipe[0], buf, sizeof(buf)) > 0)
		;
}

int vt_term_quit_signal(void)
{
	return sig_quit;
}

bool vt_term_take_cont(void)
{
	if (!sig_cont)
		return false;
	sig_cont = 0;
	reset_prog_mode();   /* the shell may have changed the tty modes meanwhile */
	return true;
}

bool vt_term_take_winch(void)
{
	if (!sig_winch)
		return false;
	sig_winch = 0;
	return true;
}

void vt_term_resize(vt_ctx *ctx)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ctx->rows = LINES;
	ctx->cols = COLS;
}
