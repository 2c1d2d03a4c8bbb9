// A routine no header declares, called in C++: its assumed declaration
// returns the stand-in for a value of unknown type, and the conversion of
// that value to NTSTATUS is no call of its own; the call's result is the
// value assigned and tested.
typedef long NTSTATUS;
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
void Cleanup(void);

NTSTATUS UndeclaredCall(void *context)
{
	NTSTATUS status = PsRegisterSomething(context, SOME_FLAG);
	if (!NT_SUCCESS(status)) {
		Cleanup();
		return status;
	}
	return 0;
}
