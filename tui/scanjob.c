/* A background scan in a worker thread (see scanjob.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scanjob.h"

typedef enum { JOB_IDLE, JOB_RUNNING, JOB_DONE } job_state;

struct vt_scanjob {
	pthread_t thread;
	pthread_mutex_t lock;          /* guards state, stop, filter, rc, cause */
	pthread_cond_t cond;
	pthread_mutex_t scanner_lock;  /* held while the scanner is in use */
	vt_scanner *scanner;
	job_state state;
	bool stop;
	vt_filter filter;
	vt_scanjob_source source;      /* NULL: the scanner */
	void *source_arg;
	vt_snapshot result;            /* the worker's while RUNNING, the main thread's otherwise */
	int rc;
	char *cause;
	int pipe[2];                   /* the worker writes a byte when a scan is DONE */
};

static void *scanjob_main(void *arg)
{
	vt_scanjob *j = arg;
	pthread_mutex_lock(&j->lock);
	for (;;) {
		while (j->state != JOB_RUNNING && !j->stop)
			pthread_cond_wait(&j->cond, &j->lock);
		if (j->stop)
			break;
		vt_filter f = j->filter;
		vt_scanjob_source src = j->source;
		void *arg = j->source_arg;
		pthread_mutex_unlock(&j->lock);

		char *cause = NULL;
		int rc;
		if (src) {
			rc = src(arg, &f, &j->result, &cause);
		} else {
			pthread_mutex_lock(&j->scanner_lock);
			rc = vt_scanner_scan(j->scanner, &f, &j->result, &cause);
			pthread_mutex_unlock(&j->scanner_lock);
		}

		pthread_mutex_lock(&j->lock);
		j->rc = rc;
		j->cause = cause;
		j->state = JOB_DONE;
		while (write(j->pipe[1], "s", 1) < 0 && errno == EINTR)
			;
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* Start the thread with every signal blocked (it inherits the mask). */
static int scanjob_start(vt_scanjob *j)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(&j->thread, NULL, scanjob_main, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

vt_scanjob *vt_scanjob_new(vt_scanner *sc)
{
	vt_scanjob *j = calloc(1, sizeof(*j));
	if (!j)
		return NULL;
	j->scanner = sc;
	vt_snapshot_init(&j->result);
	pthread_mutex_init(&j->lock, NULL);
	pthread_mutex_init(&j->scanner_lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	if (pipe2(j->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(j);
		return NULL;
	}
	int rc = scanjob_start(j);
	if (rc != 0) {
		close(j->pipe[0]);
		close(j->pipe[1]);
		free(j);
		errno = rc;
		return NULL;
	}
	return j;
}

void vt_scanjob_free(vt_scanjob *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stop = true;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	pthread_join(j->thread, NULL);
	free(j->cause);
	vt_snapshot_free(&j->result);
	close(j->pipe[0]);
	close(j->pipe[1]);
	pthread_cond_destroy(&j->cond);
	pthread_mutex_destroy(&j->lock);
	pthread_mutex_destroy(&j->scanner_lock);
	free(j);
}

int vt_scanjob_fd(const vt_scanjob *j)
{
	return j ? j->pipe[0] : -1;
}

bool vt_scanjob_busy(const vt_scanjob *j)
{
	vt_scanjob *m = (vt_scanjob *)j;
	pthread_mutex_lock(&m->lock);
	bool busy = j->state != JOB_IDLE;
	pthread_mutex_unlock(&m->lock);
	return busy;
}

int vt_scanjob_request(vt_scanjob *j, const vt_filter *f)
{
	return vt_scanjob_request_from(j, f, NULL, NULL);
}

int vt_scanjob_request_from(vt_scanjob *j, const vt_filter *f, vt_scanjob_source src, void *arg)
{
	int rc = -1;
	pthread_mutex_lock(&j->lock);
	if (j->state == JOB_IDLE) {
		j->filter = *f;
		j->source = src;
		j->source_arg = arg;
		j->state = JOB_RUNNING;
		pthread_cond_signal(&j->cond);
		rc = 0;
	}
	pthread_mutex_unlock(&j->lock);
	return rc;
}

int vt_scanjob_collect(vt_scanjob *j, vt_snapshot *snap, char **cause)
{
	char buf[16];
	while (read(j->pipe[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&j->lock);
	if (j->state != JOB_DONE) {
		pthread_mutex_unlock(&j->lock);
		return 0;
	}
	int rc = j->rc < 0 ? -1 : 1;
	if (rc < 0) {
		*cause = j->cause;
	} else {
		vt_snapshot tmp = *snap;
		*snap = j->result;
		j->result = tmp;
		free(j->cause);
	}
	j->cause = NULL;
	j->state = JOB_IDLE;
	pthread_mutex_unlock(&j->lock);
	return rc;
}

void vt_scanjob_hold(vt_scanjob *j)
{
	if (j)
		pthread_mutex_lock(&j->scanner_lock);
}

void vt_scanjob_release(vt_scanjob *j)
{
	if (j)
		pthread_mutex_unlock(&j->scanner_lock);
}
