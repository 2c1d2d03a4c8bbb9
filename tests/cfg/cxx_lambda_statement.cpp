// A lambda held in a local and called as a statement (`rollback();`, its
// value unused): its body is lowered in place, as for a call whose value is
// used, so the undo it makes is on the path.
typedef long NTSTATUS;
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
NTSTATUS Register(void);
void Unregister(void);
static bool s_Registered;

NTSTATUS LambdaStatement(void)
{
	auto rollback = []() {
		if (s_Registered) {
			Unregister();
			s_Registered = false;
		}
	};
	NTSTATUS status = Register();
	if (!NT_SUCCESS(status))
		return status;
	s_Registered = true;
	status = Register();
	if (!NT_SUCCESS(status)) {
		rollback();
		return status;
	}
	return 0;
}
