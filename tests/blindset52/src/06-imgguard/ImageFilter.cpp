#include "imgguard.h"

namespace ig {

LOOKASIDE_LIST_EX ImageFilter::s_Lookaside;
LIST_ENTRY        ImageFilter::s_Modules;
KSPIN_LOCK        ImageFilter::s_Lock;
HANDLE            ImageFilter::s_GamePid;
ULONG             ImageFilter::s_Count;
bool              ImageFilter::s_Ready;

NTSTATUS ImageFilter::Initialize()
{
    InitializeListHead(&s_Modules);
    KeInitializeSpinLock(&s_Lock);
    s_GamePid = nullptr;
    s_Count = 0;

    NTSTATUS status = ExInitializeLookasideListEx(&s_Lookaside, nullptr, nullptr, NonPagedPoolNx,
                                                  0, sizeof(ModuleRecord), kTag, 0);
    if (NT_SUCCESS(status)) {
        s_Ready = true;
    }
    return status;
}

// caller holds s_Lock
void ImageFilter::FreeAllLocked()
{
    while (!IsListEmpty(&s_Modules)) {
        auto entry = RemoveHeadList(&s_Modules);
        ExFreeToLookasideListEx(&s_Lookaside, CONTAINING_RECORD(entry, ModuleRecord, Link));
    }
    s_Count = 0;
}

void ImageFilter::Cleanup()
{
    if (!s_Ready) {
        return;
    }
    s_Ready = false;        // OnImageLoad bails out from here on

    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    FreeAllLocked();
    KeReleaseSpinLock(&s_Lock, irql);

    ExDeleteLookasideListEx(&s_Lookaside);
}

void ImageFilter::SetGamePid(HANDLE pid)
{
    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    if (pid != s_GamePid) {
        FreeAllLocked();        // modules of the old pid are meaningless now
        s_GamePid = pid;
    }
    KeReleaseSpinLock(&s_Lock, irql);
    IG_LOG("game pid is now %p", pid);
}

ULONG ImageFilter::Snapshot(ModuleInfo* out, ULONG maxCount)
{
    ULONG n = 0;
    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    for (auto e = s_Modules.Flink; e != &s_Modules && n < maxCount; e = e->Flink) {
        out[n++] = CONTAINING_RECORD(e, ModuleRecord, Link)->Info;
    }
    KeReleaseSpinLock(&s_Lock, irql);
    return n;
}

void ImageFilter::OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (!s_Ready || ProcessId == nullptr || ProcessId != s_GamePid || FullImageName == nullptr) {
        return;
    }

    // case-insensitive "does the path contain this" for the allow-list
    auto contains = [](PCUNICODE_STRING hay, PCWSTR needle) -> bool {
        UNICODE_STRING n;
        RtlInitUnicodeString(&n, needle);
        if (hay->Length < n.Length) {
            return false;
        }
        for (USHORT off = 0; off + n.Length <= hay->Length; off += sizeof(WCHAR)) {
            UNICODE_STRING window;
            window.Buffer = reinterpret_cast<PWCH>(reinterpret_cast<PUCHAR>(hay->Buffer) + off);
            window.Length = window.MaximumLength = n.Length;
            if (RtlEqualUnicodeString(&window, &n, TRUE)) {
                return true;
            }
        }
        return false;
    };

    bool trusted = contains(FullImageName, L"\\Windows\\System32\\") ||
                   contains(FullImageName, L"\\Windows\\SysWOW64\\") ||
                   contains(FullImageName, L"\\Windows\\WinSxS\\")   ||
                   contains(FullImageName, L"\\SteamApps\\common\\");

    auto rec = static_cast<ModuleRecord*>(ExAllocateFromLookasideListEx(&s_Lookaside));
    if (!rec) {
        return;
    }
    RtlZeroMemory(rec, sizeof(*rec));
    rec->Info.Base = reinterpret_cast<ULONG_PTR>(ImageInfo->ImageBase);
    rec->Info.Size = ImageInfo->ImageSize;
    rec->Info.Suspicious = trusted ? 0 : 1;

    USHORT chars = min(static_cast<USHORT>(FullImageName->Length / sizeof(WCHAR)), kMaxName);
    RtlCopyMemory(rec->Info.Name, FullImageName->Buffer, chars * sizeof(WCHAR));
    rec->Info.NameLength = chars;

    if (!trusted) {
        IG_LOG("unexpected module in game: %wZ @ %p", FullImageName, ImageInfo->ImageBase);
    }

    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    if (s_Count < kMaxModules) {
        InsertTailList(&s_Modules, &rec->Link);
        s_Count++;
        rec = nullptr;
    }
    KeReleaseSpinLock(&s_Lock, irql);

    if (rec) {
        ExFreeToLookasideListEx(&s_Lookaside, rec);
    }
}

} // namespace ig
