// imgwatch.cpp -- process/thread/image notify playground, C++17
//
// Build with /std:c++17 /kernel. Three Ps* callbacks are installed from a
// table; installing and removing is one template function per kind, picked
// with if constexpr. Kernel-mode image loads are kept in a small ring that
// is dumped to the debugger on unload.

#include <ntddk.h>

namespace {

constexpr ULONG kTag = '7igI';
constexpr size_t kRingSize = 32;
constexpr size_t kNameChars = 96;

// ------------------------------------------------------------------ memory

void* AllocNonPaged(size_t size) { return ExAllocatePool2(POOL_FLAG_NON_PAGED, size, kTag); }
void FreePool(void* p) { if (p) ExFreePoolWithTag(p, kTag); }

struct ImageRecord {
    LARGE_INTEGER When;
    PVOID         Base;
    SIZE_T        Size;
    WCHAR         Name[kNameChars];
};

struct ImageRing {
    KSPIN_LOCK  Lock;
    size_t      Next;
    size_t      Total;
    ImageRecord Items[kRingSize];
};

struct Counters {
    volatile LONG ProcessStarts;
    volatile LONG ProcessExits;
    volatile LONG Threads;
    volatile LONG Images;
};

ImageRing* g_Ring = nullptr;
Counters   g_Counters = {};

// ------------------------------------------------------------------ callbacks

void OnProcess(PEPROCESS, HANDLE, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    if (CreateInfo) {
        InterlockedIncrement(&g_Counters.ProcessStarts);
    } else {
        InterlockedIncrement(&g_Counters.ProcessExits);
    }
}

void OnThread(HANDLE, HANDLE, BOOLEAN Create)
{
    if (Create) {
        InterlockedIncrement(&g_Counters.Threads);
    }
}

void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    InterlockedIncrement(&g_Counters.Images);

    // only kernel-mode images (drivers) go into the ring
    if (ProcessId != nullptr || g_Ring == nullptr) {
        return;
    }

    KIRQL irql;
    KeAcquireSpinLock(&g_Ring->Lock, &irql);
    auto& rec = g_Ring->Items[g_Ring->Next];
    g_Ring->Next = (g_Ring->Next + 1) % kRingSize;
    g_Ring->Total++;

    KeQuerySystemTime(&rec.When);
    rec.Base = ImageInfo->ImageBase;
    rec.Size = ImageInfo->ImageSize;
    rec.Name[0] = L'\0';
    if (FullImageName && FullImageName->Buffer) {
        size_t chars = FullImageName->Length / sizeof(WCHAR);
        if (chars >= kNameChars) {
            // keep the tail, the file name is the interesting part
            const size_t skip = chars - (kNameChars - 1);
            RtlCopyMemory(rec.Name, FullImageName->Buffer + skip, (kNameChars - 1) * sizeof(WCHAR));
            chars = kNameChars - 1;
        } else {
            RtlCopyMemory(rec.Name, FullImageName->Buffer, chars * sizeof(WCHAR));
        }
        rec.Name[chars] = L'\0';
    }
    KeReleaseSpinLock(&g_Ring->Lock, irql);
}

// ------------------------------------------------------------------ hooks

enum class Hook { Process, Thread, Image };

template <Hook K>
NTSTATUS Toggle(bool install)
{
    if constexpr (K == Hook::Process) {
        return PsSetCreateProcessNotifyRoutineEx(OnProcess, install ? FALSE : TRUE);
    } else if constexpr (K == Hook::Thread) {
        return install ? PsSetCreateThreadNotifyRoutine(OnThread)
                       : PsRemoveCreateThreadNotifyRoutine(OnThread);
    } else {
        return install ? PsSetLoadImageNotifyRoutine(OnImage)
                       : PsRemoveLoadImageNotifyRoutine(OnImage);
    }
}

struct HookEntry {
    const char* Name;
    NTSTATUS  (*Apply)(bool install);
};

constexpr HookEntry kHooks[] = {
    { "process", &Toggle<Hook::Process> },
    { "thread",  &Toggle<Hook::Thread>  },
    { "image",   &Toggle<Hook::Image>   },
};
constexpr size_t kHookCount = sizeof(kHooks) / sizeof(kHooks[0]);

// Removes hooks [0, count) in reverse order.
void RemoveHooks(size_t count)
{
    while (count-- > 0) {
        const auto& [name, apply] = kHooks[count];
        const NTSTATUS status = apply(false);
        if (!NT_SUCCESS(status)) {
            KdPrint(("imgwatch: removing %s hook failed 0x%08X\n", name, status));
        }
    }
}

void DumpRing()
{
    if (!g_Ring) {
        return;
    }
    struct RingPos { size_t Next; size_t Total; };
    const auto [next, total] = RingPos{ g_Ring->Next, g_Ring->Total };
    const size_t shown = total < kRingSize ? total : kRingSize;
    KdPrint(("imgwatch: %Iu kernel images seen, last %Iu:\n", total, shown));
    for (size_t i = 0; i < shown; i++) {
        const auto& rec = g_Ring->Items[(next + kRingSize - shown + i) % kRingSize];
        KdPrint(("  %p +%Ix  %ws\n", rec.Base, rec.Size, rec.Name));
    }
}

void Unload(PDRIVER_OBJECT)
{
    RemoveHooks(kHookCount);
    DumpRing();
    KdPrint(("imgwatch: processes +%ld/-%ld threads %ld images %ld\n",
             g_Counters.ProcessStarts, g_Counters.ProcessExits,
             g_Counters.Threads, g_Counters.Images));

    FreePool(g_Ring);
    g_Ring = nullptr;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Ring = static_cast<ImageRing*>(AllocNonPaged(sizeof(ImageRing)));
    if (!g_Ring) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&g_Ring->Lock);

    size_t installed = 0;
    for (const auto& [name, apply] : kHooks) {
        const NTSTATUS status = apply(true);
        if (!NT_SUCCESS(status)) {
            KdPrint(("imgwatch: installing %s hook failed 0x%08X\n", name, status));
            RemoveHooks(installed);
            FreePool(g_Ring);
            g_Ring = nullptr;
            return status;
        }
        ++installed;
    }

    DriverObject->DriverUnload = Unload;
    KdPrint(("imgwatch: %Iu hooks installed\n", installed));
    return STATUS_SUCCESS;
}
