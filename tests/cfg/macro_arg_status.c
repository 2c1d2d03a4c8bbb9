/* A status test written as another macro's argument: `BAIL_IF(!NT_SUCCESS(s),
 * Exit)` puts NT_SUCCESS's expansion inside BAIL_IF's, so each of its tokens
 * maps back to where NT_SUCCESS is written; the test is read from that
 * invocation, on both sides of the `!`. */
typedef long NTSTATUS;
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define BAIL_IF(cond, label) if (cond) { goto label; }
#define BAIL_STATUS_IF(cond, st, label) if (cond) { status = (st); goto label; }
NTSTATUS Open(void);
void Close(void);

NTSTATUS MacroArgStatus(void)
{
	NTSTATUS status;
	status = Open();
	BAIL_IF(!NT_SUCCESS(status), Exit);
	status = Open();
	BAIL_STATUS_IF(!NT_SUCCESS(status), status, Undo);
	status = Open();
	BAIL_IF(NT_SUCCESS(status), Undo);
	return 0;
Undo:
	Close();
Exit:
	return status;
}
