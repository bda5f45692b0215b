/* vmatop-keydoc VIEW: the man page's key list of one view (list, detail,
 * all), written from the key table (tui/keys.c).  doc/update-keys.sh puts
 * it into doc/vmatop.1; the tui-man-keys test checks that they agree. */
#include <stdio.h>
#include <string.h>

#include "keys.h"

int main(int argc, char **argv)
{
	static const char *const names[VT_KV__COUNT] = {
		[VT_KV_LIST] = "list", [VT_KV_DETAIL] = "detail", [VT_KV_SETUP] = "setup", [VT_KV_ALL] = "all",
	};
	for (int v = 0; argc == 2 && v < VT_KV__COUNT; v++) {
		if (strcmp(argv[1], names[v]) == 0) {
			vt_key_roff(stdout, (vt_keyview)v);
			return ferror(stdout) ? 1 : 0;
		}
	}
	fprintf(stderr, "usage: vmatop-keydoc list|detail|setup|all\n");
	return 2;
}
