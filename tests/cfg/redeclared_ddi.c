/* A driver that declares a routine of the kit again still calls the kit's
 * routine ([sys]): its first declaration is the kit's and the driver has no
 * body for it. A routine of its own without a body here is not the kit's. */
#include <ntddk.h>

NTSYSAPI NTSTATUS NTAPI ZwClose(HANDLE Handle);
NTSTATUS SaveSettings(HANDLE Key);

NTSTATUS Redeclared(HANDLE Key)
{
	NTSTATUS status = SaveSettings(Key);
	ZwClose(Key);
	return status;
}
