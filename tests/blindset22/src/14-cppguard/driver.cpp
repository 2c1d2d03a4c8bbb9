// driver.cpp - ExecGuard entry points and the pool operator new / delete.
//
// DriverEntry builds the driver state with RAII members. Every early return
// lets the destructors undo what was done so far, in reverse order; on
// success ownership moves to g_State and DriverUnload destroys it the same
// way. There is no hand-written error ladder to keep in sync.
//
// Link with /INTEGRITYCHECK: PsSetCreateProcessNotifyRoutineEx requires it.

#include "guard.h"

//
// Pool operator new / delete
//

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);     // zeroed
}

void* __cdecl operator new[](size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    operator delete(p);
}

void __cdecl operator delete[](void* p) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

void __cdecl operator delete[](void* p, size_t) noexcept
{
    operator delete[](p);
}

namespace execguard {

DriverState* g_State = nullptr;

// static storage: unique_symlink keeps a pointer to the link name
static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(EXECGUARD_DEVICE_NAME);
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(EXECGUARD_LINK_NAME);

static DRIVER_UNLOAD DriverUnload;

_Use_decl_annotations_
static void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    DriverState* state = g_State;
    if (state == nullptr) {
        return;
    }

    //
    // Stop the callback first (this waits for running invocations), then
    // unpublish, then let the destructors delete link, device, rules, lock.
    //
    state->Notify.reset();
    g_State = nullptr;

    LONG blocked = state->Blocked;
    delete state;

    KdPrint(("execguard: unloaded, %ld process creations denied\n", blocked));
}

} // namespace execguard

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    using namespace execguard;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    auto state = kstd::make_unique<DriverState>(POOL_FLAG_NON_PAGED);
    if (!state) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = state->RulesLock.Initialize();
    if (!NT_SUCCESS(status)) {
        return status;                              // ~DriverState: nothing to undo yet
    }

    //
    // Initial rules are optional; a bad or missing value is logged and ignored.
    // RegistryPath is only used inside this call, nothing keeps it.
    //
    status = LoadRulesFromRegistry(*state, RegistryPath);
    if (!NT_SUCCESS(status)) {
        KdPrint(("execguard: no initial rules (0x%08X)\n", status));
    }

    //
    // Control device
    //
    PDEVICE_OBJECT device = nullptr;
    status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;                              // ~DriverState: rules, lock
    }
    state->Device.reset(device);
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        return status;                              // ~DriverState: device, rules, lock
    }
    state->Link.reset(&g_LinkName);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;

    //
    // The process callback can fire as soon as it is registered, so the
    // state is published first. If registration fails, the guard
    // unpublishes it before ~DriverState runs (locals are destroyed in
    // reverse order: guard, then state).
    //
    g_State = state.get();
    auto unpublish = kstd::make_scope_exit([]() noexcept { g_State = nullptr; });

    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("execguard: PsSetCreateProcessNotifyRoutineEx 0x%08X\n", status));
        return status;                              // unpublish; ~DriverState: link, device, ...
    }
    state->Notify.reset(OnProcessNotify);

    //
    // Commit. Nothing below can fail.
    //
    DriverObject->DriverUnload = DriverUnload;
    unpublish.dismiss();
    (void)state.release();                          // now owned through g_State

    KdPrint(("execguard: loaded\n"));
    return STATUS_SUCCESS;
}
