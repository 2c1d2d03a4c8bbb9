/* An object made by an allocating `new (Pool, Tag) T(...)`: its constructor
 * runs on the path where the allocation succeeded, on the object the pointer
 * now holds (after the store); an explicit destructor call, `p->~T()`, is a
 * call on *p. */
#include <ntddk.h>

class Ring {
public:
	void *operator new(size_t size, POOL_TYPE pool, ULONG tag) { return ExAllocatePoolWithTag(pool, size, tag); }
	explicit Ring(SIZE_T bytes) { m_Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, bytes, 'gniR'); }
	~Ring() { if (m_Buffer != nullptr) ExFreePoolWithTag(m_Buffer, 'gniR'); }
private:
	PVOID m_Buffer;
};

static Ring *g_Ring;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	g_Ring = new (NonPagedPoolNx, 'gniR') Ring(PAGE_SIZE);
	if (g_Ring == nullptr)
		return STATUS_INSUFFICIENT_RESOURCES;
	Ring *local = new (NonPagedPoolNx, 'gniR') Ring(64);
	if (local != nullptr) {
		local->~Ring();
		ExFreePoolWithTag(local, 'gniR');
	}
	g_Ring->~Ring();
	ExFreePoolWithTag(g_Ring, 'gniR');
	return STATUS_UNSUCCESSFUL;
}
