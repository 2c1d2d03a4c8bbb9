// logger.cpp - ring buffer, dispatch routines, file flush
#include "logger.h"

namespace sdl {

LogRing*       Logger::s_Ring = nullptr;
PDEVICE_OBJECT Logger::s_Device = nullptr;
bool           Logger::s_FlushOnShutdown = true;

void Logger::Attach(LogRing* ring, PDEVICE_OBJECT device, bool flushOnShutdown)
{
    s_Ring = ring;
    s_Device = device;
    s_FlushOnShutdown = flushOnShutdown;
}

void Logger::Detach()
{
    if (s_Ring != nullptr) {
        ExFreePoolWithTag(s_Ring, kTag);
        s_Ring = nullptr;
    }
    s_Device = nullptr;
}

void Logger::Write(const char* fmt, ...)
{
    if (s_Ring == nullptr) {
        return;
    }

    CHAR line[256];
    va_list args;
    va_start(args, fmt);
    NTSTATUS status = RtlStringCbVPrintfA(line, sizeof(line), fmt, args);
    va_end(args);
    if (!NT_SUCCESS(status) && status != STATUS_BUFFER_OVERFLOW) {
        return;
    }

    size_t len = 0;
    RtlStringCbLengthA(line, sizeof(line), &len);

    KIRQL irql;
    KeAcquireSpinLock(&s_Ring->Lock, &irql);
    if (s_Ring->Used + len > kRingSize) {
        // full: drop the oldest half
        SIZE_T keep = s_Ring->Used / 2;
        RtlMoveMemory(s_Ring->Text, s_Ring->Text + (s_Ring->Used - keep), keep);
        s_Ring->Used = keep;
    }
    RtlCopyMemory(s_Ring->Text + s_Ring->Used, line, len);
    s_Ring->Used += len;
    KeReleaseSpinLock(&s_Ring->Lock, irql);
}

NTSTATUS Logger::FlushToDisk()
{
    UNICODE_STRING path;
    RtlInitUnicodeString(&path, kLogFile);

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    HANDLE file = nullptr;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, nullptr,
                                   FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                                   FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                                   nullptr, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // copy out under the lock, write without it (ZwWriteFile needs PASSIVE_LEVEL)
    PoolPtr<CHAR> copy(static_cast<CHAR*>(ExAllocatePool2(POOL_FLAG_PAGED, kRingSize, kTag)));
    SIZE_T used = 0;
    if (copy) {
        KIRQL irql;
        KeAcquireSpinLock(&s_Ring->Lock, &irql);
        used = s_Ring->Used;
        RtlCopyMemory(copy.get(), s_Ring->Text, used);
        KeReleaseSpinLock(&s_Ring->Lock, irql);

        status = ZwWriteFile(file, nullptr, nullptr, nullptr, &iosb, copy.get(),
                             static_cast<ULONG>(used), nullptr, nullptr);
    } else {
        status = STATUS_INSUFFICIENT_RESOURCES;
    }

    ZwClose(file);
    return status;
}

NTSTATUS Logger::OnCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS Logger::OnRead(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto out = static_cast<CHAR*>(Irp->AssociatedIrp.SystemBuffer);
    SIZE_T n = 0;

    KIRQL irql;
    KeAcquireSpinLock(&s_Ring->Lock, &irql);
    n = min(static_cast<SIZE_T>(sp->Parameters.Read.Length), s_Ring->Used);
    RtlCopyMemory(out, s_Ring->Text, n);
    KeReleaseSpinLock(&s_Ring->Lock, irql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = n;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS Logger::OnShutdown(PDEVICE_OBJECT, PIRP Irp)
{
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    Write("shutdown at %lld\r\n", now.QuadPart);

    if (s_FlushOnShutdown) {
        NTSTATUS status = FlushToDisk();
        if (!NT_SUCCESS(status)) {
            KdPrint(("ShutdownLog: flush failed 0x%08X\n", status));
        }
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

bool ReadFlushOption(PCUNICODE_STRING registryPath, NTSTATUS* status)
{
    ULONG value = 1;
    ULONG defaultValue = 1;
    RTL_QUERY_REGISTRY_TABLE table[2] = {};

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = const_cast<PWSTR>(L"FlushOnShutdown");
    table[0].EntryContext = &value;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    // RegistryPath is not guaranteed to be terminated, make a copy that is
    PoolPtr<WCHAR> path(static_cast<WCHAR*>(
        ExAllocatePool2(POOL_FLAG_PAGED, registryPath->Length + sizeof(WCHAR), kTag)));
    if (!path) {
        *status = STATUS_INSUFFICIENT_RESOURCES;
        return true;
    }
    RtlCopyMemory(path.get(), registryPath->Buffer, registryPath->Length);
    path.get()[registryPath->Length / sizeof(WCHAR)] = L'\0';

    *status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path.get(), table, nullptr, nullptr);
    if (!NT_SUCCESS(*status)) {
        return true;
    }
    return value != 0;
}

} // namespace sdl
