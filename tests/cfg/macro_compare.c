/* Tests a project writes as comparisons in its own macros: the project's
 * FAILED_NTSTATUS(s) is `((NTSTATUS)(s)) < 0`, a status test once the cast
 * is read past; `== NULL` and `!= STATUS_SUCCESS` in a macro's body are a
 * pointer's and a status's tests, as they are written out, and so is `== 0`
 * of a pointer, also where the test's span starts at the macro's argument. */
typedef long NTSTATUS;
#define NULL ((void *)0)
#define STATUS_SUCCESS ((NTSTATUS)0)
#define FAILED_NTSTATUS(s) (((NTSTATUS)(s)) < 0)
#define RETURN_IF_FAILED(e) { NTSTATUS __status = (e); if (FAILED_NTSTATUS(__status)) return __status; }
#define RETURN_IF_NULL(p) if ((p) == NULL) { return -1; }
#define RETURN_UNLESS_OK(s) if (STATUS_SUCCESS != (s)) { return (s); }
#define MAKE_OR_RETURN(p) (p) = Make(); if (p == 0) { return -2; }
NTSTATUS Open(void);
void *Make(void);

NTSTATUS MacroCompare(void)
{
	NTSTATUS status;
	void *p, *q;
	RETURN_IF_FAILED(Open());
	p = Make();
	RETURN_IF_NULL(p);
	status = Open();
	RETURN_UNLESS_OK(status);
	MAKE_OR_RETURN(q);
	if (0 != q)
		return 1;
	return 0;
}
