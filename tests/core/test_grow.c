/* Unit tests: the one way an array grows (src/grow.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "vmatop/grow.h"

static void test_doubling(void **state)
{
	(void)state;
	long *a = NULL;
	size_t cap = 0;
	assert_int_equal(vt_grow(&a, &cap, 1, sizeof(*a), 4), 0);
	assert_non_null(a);
	assert_int_equal(cap, 4);
	for (int i = 0; i < 4; i++)
		a[i] = i;
	assert_int_equal(vt_grow(&a, &cap, 4, sizeof(*a), 4), 0);   /* fits: unchanged */
	assert_int_equal(cap, 4);
	assert_int_equal(vt_grow(&a, &cap, 5, sizeof(*a), 4), 0);
	assert_int_equal(cap, 8);
	assert_int_equal(vt_grow(&a, &cap, 33, sizeof(*a), 4), 0);
	assert_int_equal(cap, 64);
	for (int i = 0; i < 4; i++)
		assert_int_equal(a[i], i);                            /* contents kept */
	free(a);
	/* first 0 starts at 1 */
	char *c = NULL;
	cap = 0;
	assert_int_equal(vt_grow(&c, &cap, 3, 1, 0), 0);
	assert_int_equal(cap, 4);
	free(c);
}

static void test_overflow(void **state)
{
	(void)state;
	long *a = NULL;
	size_t cap = 0;
	assert_int_equal(vt_grow(&a, &cap, 2, sizeof(*a), 2), 0);
	long *before = a;
	errno = 0;
	/* need * elem does not fit in size_t: refused, array and cap as they were */
	assert_int_equal(vt_grow(&a, &cap, SIZE_MAX / sizeof(*a) + 1, sizeof(*a), 2), -1);
	assert_int_equal(errno, ENOMEM);
	assert_ptr_equal(a, before);
	assert_int_equal(cap, 2);
	/* more than any object can be (PTRDIFF_MAX): refused before realloc */
	errno = 0;
	assert_int_equal(vt_grow(&a, &cap, SIZE_MAX, 1, 2), -1);
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(cap, 2);
	/* elem 0 is a caller's bug: refused */
	assert_int_equal(vt_grow(&a, &cap, 3, 0, 2), -1);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubling),
		cmocka_unit_test(test_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
