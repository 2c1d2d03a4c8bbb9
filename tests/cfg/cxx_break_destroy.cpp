/* A break or a continue leaves the scopes opened inside the loop: the guards
 * declared there are destroyed on that edge, latest first, as at the end of
 * the body. */
#include <ntddk.h>

class Handle {
public:
	Handle() : m_h(nullptr) {}
	~Handle() { if (m_h != nullptr) ZwClose(m_h); }
	HANDLE m_h;
};

NTSTATUS Open(HANDLE *h);

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	NTSTATUS status;
	do {
		Handle first;
		status = Open(&first.m_h);
		if (!NT_SUCCESS(status))
			break;
		Handle second;
		status = Open(&second.m_h);
		if (!NT_SUCCESS(status))
			break;
	} while (false);
	for (int i = 0; i < 2; i++) {
		Handle each;
		if (!NT_SUCCESS(Open(&each.m_h)))
			continue;
	}
	return status;
}
