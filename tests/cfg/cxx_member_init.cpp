/* A constructor's written initializers run before its body, in order: a
 * member's constructor is a call on that member, a base's on this object,
 * any other value a store into the member; an implicit constructor does
 * nothing. A destructor then destroys the members with destructors, last
 * declared first, and its bases, at the end of its body and at each return;
 * a class that declares no destructor destroys its parts so where it goes
 * (a local leaving its scope, `delete`). */
#include <ntddk.h>

struct Stats {
	ULONG Hits;
};

class Cache {
public:
	explicit Cache(SIZE_T size) { ExInitializeNPagedLookasideList(&m_List, nullptr, nullptr, 0, size, 'hcaC', 0); }
	~Cache() { ExDeleteNPagedLookasideList(&m_List); }
private:
	NPAGED_LOOKASIDE_LIST m_List;
};

class Node {
public:
	Node() { m_Link = nullptr; }
	~Node() { m_Link = nullptr; }
	PVOID m_Link;
};

class Table : public Node {
public:
	explicit Table(SIZE_T n)
		: Node(), m_Cache(n), m_Stats(), m_Items(ExAllocatePoolWithTag(NonPagedPoolNx, n, 'lbaT')), m_Count(n)
	{
	}
	~Table()
	{
		if (m_Items == nullptr)
			return;
		ExFreePoolWithTag(m_Items, 'lbaT');
	}
private:
	Cache m_Cache;
	Stats m_Stats;
	PVOID m_Items;
	SIZE_T m_Count;
};

struct Holder {
	Holder() : m_Cache(8) {}
	Cache m_Cache;
};

static Table *g_Table;
static Holder *g_Holder;

static void Drop(void)
{
	Holder local;
	delete g_Holder;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	g_Table = new (NonPagedPoolNx) Table(64);
	return g_Table ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}
