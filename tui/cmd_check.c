/* Placeholder until this mode lands (owned by its issue). */
#include "commands.h"

int vt_cmd_check(const vt_opts *o)
{
	(void)o;
	vt_errorf("--check is not available in this build yet (use -b)");
	return 2;
}
