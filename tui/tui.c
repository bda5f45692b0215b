/* Placeholder until this mode lands (owned by its issue). */
#include "commands.h"

int vt_tui_main(const vt_opts *o)
{
	(void)o;
	vt_errorf("the interactive screen is not available in this build yet (use -b)");
	return 2;
}
