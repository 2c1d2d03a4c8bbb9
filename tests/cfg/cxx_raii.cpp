/* RAII guards: a local whose class has a destructor is destroyed where its
 * block ends and before each return that leaves it, latest first. */
#include <ntddk.h>

class PoolGuard {
public:
	explicit PoolGuard(PVOID block) : m_block(block) {}
	~PoolGuard() { if (m_block != nullptr) ExFreePoolWithTag(m_block, 'dGpP'); }
	void Dismiss() { m_block = nullptr; }
private:
	PVOID m_block;
};

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	PVOID block = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'dGpP');
	if (block == nullptr)
		return STATUS_INSUFFICIENT_RESOURCES;
	PoolGuard guard(block);
	{
		PoolGuard scratch(ExAllocatePoolWithTag(NonPagedPoolNx, 16, 'dGpP'));
		DriverObject->DriverUnload = nullptr;
	}
	NTSTATUS status = IoRegisterDriverReinitialization == nullptr ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
	if (!NT_SUCCESS(status))
		return status;
	guard.Dismiss();
	return STATUS_SUCCESS;
}
