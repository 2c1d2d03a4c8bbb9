/*++

Module Name:
    definitions.h

Abstract:
    Shared definitions for the VAudio virtual loopback adapter.

--*/
#pragma once

extern "C" {
#include <wdm.h>
}

#include <portcls.h>
#include <stdunk.h>
#include <ksdebug.h>
#include <ntstrsafe.h>

#define VAUDIO_POOLTAG          'duAV'
#define MAX_MINIPORTS           2

#define DPF(lvl, x)             do { if ((lvl) <= g_DebugLevel) { KdPrint(("VAudio: ")); KdPrint(x); KdPrint(("\n")); } } while (0)

#define D_ERROR                 0
#define D_WARN                  1
#define D_INFO                  2

#define IF_FAILED_JUMP(status, label) \
    do { if (!NT_SUCCESS(status)) { goto label; } } while (0)

#define IF_FAILED_ACTION_JUMP(status, action, label) \
    do { if (!NT_SUCCESS(status)) { action; goto label; } } while (0)

#define SAFE_RELEASE(p)         do { if (p) { (p)->Release(); (p) = NULL; } } while (0)

//
// Wave format limits advertised by the render endpoint.
//
#define VAUDIO_MIN_CHANNELS     1
#define VAUDIO_MAX_CHANNELS     2
#define VAUDIO_MIN_BITS         16
#define VAUDIO_MAX_BITS         16
#define VAUDIO_MIN_RATE         8000
#define VAUDIO_MAX_RATE         48000

//
// Pin ids of the topology and wave filters, used for the physical
// connection between them.
//
enum {
    KSPIN_TOPO_WAVEOUT_SOURCE = 0,
    KSPIN_TOPO_LINEOUT_DEST,
    KSPIN_TOPO_COUNT
};

enum {
    KSPIN_WAVE_RENDER_SINK = 0,
    KSPIN_WAVE_RENDER_SOURCE,
    KSPIN_WAVE_COUNT
};

enum {
    KSNODE_TOPO_VOLUME = 0,
    KSNODE_TOPO_MUTE,
    KSNODE_TOPO_COUNT
};

extern ULONG            g_DebugLevel;
extern UNICODE_STRING   g_RegistryPath;
extern ULONG            g_LoopbackEnabled;

NTSTATUS
CreateMiniportTopologyVAudio(
    _Out_ PUNKNOWN *Unknown,
    _In_ REFCLSID RefClsId,
    _In_opt_ PUNKNOWN UnknownOuter,
    _In_ POOL_TYPE PoolType
    );

NTSTATUS
CreateMiniportWaveCyclicVAudio(
    _Out_ PUNKNOWN *Unknown,
    _In_ REFCLSID RefClsId,
    _In_opt_ PUNKNOWN UnknownOuter,
    _In_ POOL_TYPE PoolType
    );
