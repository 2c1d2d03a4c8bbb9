// capture.cpp - DbgPrint capture ring and the secondary dump callback.
//
// Copyright (c) kdhelp contributors. Apache-2.0.

#include "kdhelp.hpp"

namespace kd {

namespace {

// {5B7E0A14-9C3D-4F26-8A51-E2D4C6B8F039}
const GUID kDumpGuid = { 0x5b7e0a14, 0x9c3d, 0x4f26, { 0x8a, 0x51, 0xe2, 0xd4, 0xc6, 0xb8, 0xf0, 0x39 } };

// Last lines copied out at bug check time (no allocation allowed there).
char g_dumpTail[4096];

void DebugPrintCallback(_In_ PSTRING Output, _In_ ULONG ComponentId, _In_ ULONG Level)
{
    UNREFERENCED_PARAMETER(ComponentId);
    UNREFERENCED_PARAMETER(Level);

    GlobalState* state = g_State;
    if (state == nullptr || Output == nullptr || Output->Buffer == nullptr) {
        return;
    }
    state->Capture.Buffer().Append(Output->Buffer, Output->Length);
}

void BugCheckCallback(
    _In_ KBUGCHECK_CALLBACK_REASON Reason,
    _In_ struct _KBUGCHECK_REASON_CALLBACK_RECORD* Record,
    _Inout_ PVOID ReasonSpecificData,
    _In_ ULONG ReasonSpecificDataLength)
{
    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_SECONDARY_DUMP_DATA)) {
        return;
    }

    auto* dump = static_cast<PKBUGCHECK_SECONDARY_DUMP_DATA>(ReasonSpecificData);
    if (dump->MaximumAllowed < sizeof(g_dumpTail)) {
        return;
    }

    GlobalState* state = g_State;
    ULONG length = 0;
    if (state != nullptr) {
        length = state->Capture.Buffer().Snapshot(g_dumpTail, sizeof(g_dumpTail));
    }

    dump->OutBuffer = g_dumpTail;
    dump->OutBufferLength = length;
    dump->Guid = kDumpGuid;
}

} // namespace

//
// Ring
//

NTSTATUS Ring::Allocate(ULONG size)
{
    NT_ASSERT(m_buffer == nullptr);

    KeInitializeSpinLock(&m_lock);
    m_buffer = static_cast<char*>(ExAllocatePoolZero(NonPagedPoolNx, size, kPoolTag));
    if (m_buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_size = size;
    m_head = 0;
    m_total = 0;
    return STATUS_SUCCESS;
}

void Ring::Free()
{
    if (m_buffer != nullptr) {
        ExFreePoolWithTag(m_buffer, kPoolTag);
        m_buffer = nullptr;
        m_size = 0;
    }
}

void Ring::Append(_In_reads_bytes_(length) const char* text, ULONG length)
{
    // DbgPrint can be called at any IRQL; never spin above DISPATCH_LEVEL.
    if (KeGetCurrentIrql() > DISPATCH_LEVEL || m_buffer == nullptr) {
        InterlockedIncrement(&m_dropped);
        return;
    }

    KLOCK_QUEUE_HANDLE handle;
    KeAcquireInStackQueuedSpinLock(&m_lock, &handle);
    for (ULONG i = 0; i < length; ++i) {
        m_buffer[m_head] = text[i];
        m_head = (m_head + 1) % m_size;
    }
    m_total += length;
    KeReleaseInStackQueuedSpinLock(&handle);
}

ULONG Ring::Snapshot(_Out_writes_bytes_(capacity) char* out, ULONG capacity)
{
    if (m_buffer == nullptr || capacity == 0) {
        return 0;
    }

    ULONG available = (m_total < m_size) ? m_total : m_size;
    ULONG count = (available < capacity) ? available : capacity;
    ULONG start = (m_head + m_size - count) % m_size;

    for (ULONG i = 0; i < count; ++i) {
        out[i] = m_buffer[(start + i) % m_size];
    }
    return count;
}

//
// DbgPrintCapture
//

NTSTATUS DbgPrintCapture::Start(ULONG ringSize)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"DbgSetDebugPrintCallback");
    m_set = reinterpret_cast<SetCallbackFn>(MmGetSystemRoutineAddress(&name));
    if (m_set == nullptr) {
        return STATUS_NOT_SUPPORTED;
    }

    NTSTATUS status = m_ring.Allocate(ringSize);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = m_set(DebugPrintCallback, TRUE);
    if (!NT_SUCCESS(status)) {
        m_ring.Free();
        return status;
    }

    m_registered = true;
    return STATUS_SUCCESS;
}

void DbgPrintCapture::Stop()
{
    if (m_registered) {
        m_set(DebugPrintCallback, FALSE);
        m_registered = false;
    }
    m_ring.Free();
}

//
// BugCheckRegistration
//

NTSTATUS BugCheckRegistration::Register()
{
    KeInitializeCallbackRecord(&m_record);
    if (!KeRegisterBugCheckReasonCallback(&m_record, BugCheckCallback, KbCallbackSecondaryDumpData,
                                          reinterpret_cast<PUCHAR>(const_cast<char*>("kdhelp")))) {
        return STATUS_UNSUCCESSFUL;
    }
    m_registered = true;
    return STATUS_SUCCESS;
}

void BugCheckRegistration::Deregister()
{
    if (m_registered) {
        KeDeregisterBugCheckReasonCallback(&m_record);
        m_registered = false;
    }
}

} // namespace kd
