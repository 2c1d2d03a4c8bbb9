#pragma once
//
// flowmon - per-TCP-flow byte counters. A flow-established callout attaches
// a context to each new IPv4 flow, a stream callout counts bytes on it.
// KMDF non-PnP callout driver.
//
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#pragma warning(push)
#pragma warning(disable: 4201)
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define FM_TAG 'wolF'

#define FM_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "flowmon: " fmt "\n", __VA_ARGS__)

#define CHECK(expr, label)                                                   \
    do {                                                                     \
        status = (expr);                                                     \
        if (!NT_SUCCESS(status)) {                                           \
            FM_TRACE("%s -> 0x%08X", #expr, status);                         \
            goto label;                                                      \
        }                                                                    \
    } while (0)

namespace flowmon {

// {9E41C0B2-5F7A-4C8D-B1E3-6A20D4F8C301}
constexpr GUID kEstablishedCallout =
    { 0x9e41c0b2, 0x5f7a, 0x4c8d, { 0xb1, 0xe3, 0x6a, 0x20, 0xd4, 0xf8, 0xc3, 0x01 } };
// {9E41C0B3-5F7A-4C8D-B1E3-6A20D4F8C301}
constexpr GUID kStreamCallout =
    { 0x9e41c0b3, 0x5f7a, 0x4c8d, { 0xb1, 0xe3, 0x6a, 0x20, 0xd4, 0xf8, 0xc3, 0x01 } };
// {9E41C0B4-5F7A-4C8D-B1E3-6A20D4F8C301}
constexpr GUID kSubLayer =
    { 0x9e41c0b4, 0x5f7a, 0x4c8d, { 0xb1, 0xe3, 0x6a, 0x20, 0xd4, 0xf8, 0xc3, 0x01 } };

struct FlowCtx {
    LIST_ENTRY      Link;
    UINT64          FlowId;
    bool            Removing;
    volatile LONG64 BytesIn;
    volatile LONG64 BytesOut;
};

struct Globals {
    WDFDEVICE       Control;
    PDEVICE_OBJECT  Wdm;
    UINT32          EstablishedId;
    UINT32          StreamId;
    HANDLE          Engine;
    HANDLE          BfeChange;
    volatile LONG   ObjectsAdded;
    KSPIN_LOCK      FlowLock;
    LIST_ENTRY      Flows;
};

extern Globals g;

// callouts.cpp
NTSTATUS RegisterCallouts(_In_ PDEVICE_OBJECT dev);
void     UnregisterCallouts();

// engine.cpp
NTSTATUS StartManagement(_In_ PDEVICE_OBJECT dev);
void     StopManagement();

} // namespace flowmon
