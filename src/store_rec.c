/* The recorder's store, writing: one transaction per sample. */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"

int vt_store_rec_init(vt_store *st, vt_store_mode mode, char **cause)
{
	memset(&st->rec, 0, sizeof(st->rec));
	if (mode != VT_STORE_WRITE)
		return 0;
	if (sqlite3_exec(st->db, "UPDATE processes SET exited = 1 WHERE exited = 0", NULL, NULL,
			 NULL) != SQLITE_OK)
		return vt_store_sqlfail(st, cause, "cannot close the previous recording");
	return 0;
}

void vt_store_rec_free(vt_store *st)
{
	free(st->rec.procs);
	memset(&st->rec, 0, sizeof(st->rec));
}
