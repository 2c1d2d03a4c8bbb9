/*
 * queue.cpp - a C++ driver that makes its work queue with the driver's
 * pool operator new (which returns nullptr when the pool is short), in the
 * version that calls the queue's Start method through the pointer first.
 *
 * BUG (DE020): g_NqQueue->Start() runs on a null object when new failed.
 */

#include <ntddk.h>

void *__cdecl operator new(size_t size, POOL_FLAGS flags)
{
    return ExAllocatePool2(flags, size, 'uQwN');
}

void __cdecl operator delete(void *p, size_t)
{
    if (p) {
        ExFreePoolWithTag(p, 'uQwN');
    }
}

class WorkQueue
{
public:
    NTSTATUS Start();
    void Stop() { m_Running = FALSE; }

private:
    BOOLEAN m_Running = FALSE;
};

NTSTATUS WorkQueue::Start()
{
    m_Running = TRUE;
    return STATUS_SUCCESS;
}

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NqUnload;

static WorkQueue *g_NqQueue;

VOID
NqUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    g_NqQueue->Stop();
    delete g_NqQueue;
}

extern "C"
NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_NqQueue = new (POOL_FLAG_NON_PAGED) WorkQueue();
    status = g_NqQueue->Start(); // expect: DE020
    if (!NT_SUCCESS(status)) {
        delete g_NqQueue;
        return status;
    }
    DriverObject->DriverUnload = NqUnload;
    return STATUS_SUCCESS;
}
