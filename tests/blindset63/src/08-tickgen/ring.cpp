//
// ring.cpp - timestamp ring and the \Callback\PowerState watcher
//
#include "tickgen.h"

using namespace TickGen;

PTICK_ENTRY         Ring::s_Entries  = nullptr;
ULONG               Ring::s_Capacity = 0;
ULONG               Ring::s_Head     = 0;
ULONG               Ring::s_Tail     = 0;
ULONG               Ring::s_Sequence = 0;
KSPIN_LOCK          Ring::s_Lock;

PCALLBACK_OBJECT    PowerWatch::s_Object       = nullptr;
PVOID               PowerWatch::s_Registration = nullptr;
volatile LONG       PowerWatch::s_Paused       = 0;

NTSTATUS
Ring::Allocate(_In_ ULONG Capacity)
{
    KeInitializeSpinLock(&s_Lock);

    s_Entries = static_cast<PTICK_ENTRY>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, Capacity * sizeof(TICK_ENTRY), TICKGEN_TAG));
    if (s_Entries == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    s_Capacity = Capacity;
    s_Head = s_Tail = s_Sequence = 0;
    return STATUS_SUCCESS;
}

VOID
Ring::Free()
{
    if (s_Entries != nullptr) {
        ExFreePoolWithTag(s_Entries, TICKGEN_TAG);
        s_Entries  = nullptr;
        s_Capacity = 0;
    }
}

VOID
Ring::Push(_In_ ULONGLONG Time, _In_ ULONG Kind)
{
    KLOCK_QUEUE_HANDLE lh;

    KeAcquireInStackQueuedSpinLock(&s_Lock, &lh);

    PTICK_ENTRY e = &s_Entries[s_Head];
    e->InterruptTime = Time;
    e->Kind          = Kind;
    e->Sequence      = s_Sequence++;

    s_Head = (s_Head + 1) % s_Capacity;
    if (s_Head == s_Tail) {
        s_Tail = (s_Tail + 1) % s_Capacity;     // overwrite oldest
    }

    KeReleaseInStackQueuedSpinLock(&lh);
}

ULONG
Ring::Drain(_Out_writes_(Max) PTICK_ENTRY Out, _In_ ULONG Max)
{
    KLOCK_QUEUE_HANDLE  lh;
    ULONG               n = 0;

    KeAcquireInStackQueuedSpinLock(&s_Lock, &lh);
    while (n < Max && s_Tail != s_Head) {
        Out[n++] = s_Entries[s_Tail];
        s_Tail = (s_Tail + 1) % s_Capacity;
    }
    KeReleaseInStackQueuedSpinLock(&lh);

    return n;
}

//
// Argument1 == PO_CB_SYSTEM_STATE_LOCK, Argument2: 0 = going down, 1 = back up
//
_Use_decl_annotations_
VOID
PowerWatch::Callback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);

    if (reinterpret_cast<ULONG_PTR>(Argument1) != PO_CB_SYSTEM_STATE_LOCK) {
        return;
    }

    if (Argument2 == nullptr) {
        InterlockedExchange(&s_Paused, 1);
        Ring::Push(KeQueryInterruptTime(), TICK_KIND_SLEEP);
    } else {
        Ring::Push(KeQueryInterruptTime(), TICK_KIND_RESUME);
        InterlockedExchange(&s_Paused, 0);
    }
}

NTSTATUS
PowerWatch::Register()
{
    UNICODE_STRING      name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES   oa;
    NTSTATUS            status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);

    status = ExCreateCallback(&s_Object, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    s_Registration = ExRegisterCallback(s_Object, Callback, nullptr);
    if (s_Registration == nullptr) {
        ObDereferenceObject(s_Object);
        s_Object = nullptr;
        return STATUS_UNSUCCESSFUL;
    }

    return STATUS_SUCCESS;
}

VOID
PowerWatch::Unregister()
{
    if (s_Registration != nullptr) {
        ExUnregisterCallback(s_Registration);
        s_Registration = nullptr;
    }
    if (s_Object != nullptr) {
        ObDereferenceObject(s_Object);
        s_Object = nullptr;
    }
}
