/*
 * newfirst.cpp - a C++ driver that watches registry writes under its
 * service key. Its state and its filter table are made with the driver's
 * own tagged operator new, which returns nullptr when ExAllocatePool2
 * cannot allocate; each is tested before a member is written, in
 * DriverEntry and in the helper that builds the table. Conforming: no
 * DE020.
 */

#include <ntddk.h>

constexpr ULONG kRegTag = 'wgeR';

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kRegTag);
    }
}

struct FilterTable {
    ULONG Count = 0;
    UNICODE_STRING Paths[8] = {};
};

struct WatchState {
    LARGE_INTEGER Cookie = {};
    FilterTable* Filters = nullptr;
    ULONG Writes = 0;
};

static WatchState* g_Watch;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WatchUnload;
static EX_CALLBACK_FUNCTION WatchRegistry;

static NTSTATUS WatchRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    auto* state = static_cast<WatchState*>(Context);
    InterlockedIncrement(reinterpret_cast<volatile LONG*>(&state->Writes));
    return STATUS_SUCCESS;
}

static void WatchUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CmUnRegisterCallback(g_Watch->Cookie);
    delete g_Watch->Filters;
    delete g_Watch;
    g_Watch = nullptr;
}

static NTSTATUS BuildFilters(WatchState* state)
{
    state->Filters = new (POOL_FLAG_NON_PAGED, kRegTag) FilterTable();
    if (state->Filters == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    state->Filters->Count = 1;
    RtlInitUnicodeString(&state->Filters->Paths[0], L"\\REGISTRY\\MACHINE\\SOFTWARE");
    return STATUS_SUCCESS;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    auto* state = new (POOL_FLAG_NON_PAGED, kRegTag) WatchState();
    if (!state) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    state->Writes = 0;

    NTSTATUS status = BuildFilters(state);
    if (!NT_SUCCESS(status)) {
        delete state;
        return status;
    }

    status = CmRegisterCallback(WatchRegistry, state, &state->Cookie);
    if (!NT_SUCCESS(status)) {
        delete state->Filters;
        delete state;
        return status;
    }

    g_Watch = state;
    DriverObject->DriverUnload = WatchUnload;
    return STATUS_SUCCESS;
}
