/*++

Copyright (c) PcapLwf contributors.

Module Name:

    capture.c

Abstract:

    Copies frames seen on the send and receive paths into per-open queues.

--*/

#include "filter.h"
#include "trace.h"
#include "capture.tmh"

#pragma alloc_text(INIT, PcapCaptureInit)
#pragma alloc_text(PAGE, PcapCaptureFini)

static
ULONG
PcapReadSnaplen(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE Table[2];
    ULONG Snaplen = PCAP_SNAPLEN_DEFAULT;
    NTSTATUS Status;

    NdisZeroMemory(Table, sizeof(Table));
    Table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    Table[0].Name = L"DefaultSnaplen";
    Table[0].EntryContext = &Snaplen;

    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer, Table, NULL, NULL);
    if (!NT_SUCCESS(Status) || Snaplen == 0 || Snaplen > PCAP_SNAPLEN_MAX)
    {
        Snaplen = PCAP_SNAPLEN_DEFAULT;
    }
    return Snaplen;
}

_Use_decl_annotations_
NDIS_STATUS
PcapCaptureInit(
    PUNICODE_STRING RegistryPath
    )
{
    PcapGlobals.DefaultSnaplen = PcapReadSnaplen(RegistryPath);

    ExInitializeNPagedLookasideList(&PcapGlobals.RecordLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(PCAP_RECORD),
                                    PCAP_RECORD_TAG,
                                    0);
    PcapGlobals.LookasideInitialized = TRUE;

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_CAPTURE, "default snaplen %u", PcapGlobals.DefaultSnaplen);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PcapCaptureFini(
    VOID
    )
{
    PAGED_CODE();

    if (PcapGlobals.LookasideInitialized)
    {
        ExDeleteNPagedLookasideList(&PcapGlobals.RecordLookaside);
        PcapGlobals.LookasideInitialized = FALSE;
    }
}

_Use_decl_annotations_
VOID
PcapOpenFlush(
    PPCAP_OPEN Open
    )
{
    LIST_ENTRY Drain;
    PPCAP_RECORD Record;

    InitializeListHead(&Drain);

    FILTER_ACQUIRE_LOCK(&Open->QueueLock, FALSE);
    while (!IsListEmpty(&Open->Queue))
    {
        InsertTailList(&Drain, RemoveHeadList(&Open->Queue));
    }
    Open->QueueCount = 0;
    FILTER_RELEASE_LOCK(&Open->QueueLock, FALSE);

    while (!IsListEmpty(&Drain))
    {
        Record = CONTAINING_RECORD(RemoveHeadList(&Drain), PCAP_RECORD, Link);
        ExFreeToNPagedLookasideList(&PcapGlobals.RecordLookaside, Record);
    }
}

static
VOID
PcapCaptureOne(
    _In_ PPCAP_OPEN Open,
    _In_ PNET_BUFFER Nb,
    _In_ BOOLEAN Outbound
    )
{
    PPCAP_RECORD Record;
    ULONG Length = NET_BUFFER_DATA_LENGTH(Nb);
    ULONG Copy = min(Length, Open->Snaplen);
    PUCHAR Data;

    if (Open->QueueCount >= PCAP_QUEUE_DEPTH)
    {
        Open->Dropped++;
        return;
    }

    Record = ExAllocateFromNPagedLookasideList(&PcapGlobals.RecordLookaside);
    if (Record == NULL)
    {
        Open->Dropped++;
        return;
    }

    Data = NdisGetDataBuffer(Nb, Copy, Record->Data, 1, 0);
    if (Data == NULL)
    {
        ExFreeToNPagedLookasideList(&PcapGlobals.RecordLookaside, Record);
        Open->Dropped++;
        return;
    }
    if (Data != Record->Data)
    {
        NdisMoveMemory(Record->Data, Data, Copy);
    }

    KeQuerySystemTimePrecise(&Record->Timestamp);
    Record->OriginalLength = Length;
    Record->CapturedLength = Copy;
    Record->Outbound = Outbound;

    InsertTailList(&Open->Queue, &Record->Link);
    Open->QueueCount++;
}

_Use_decl_annotations_
VOID
PcapCaptureNbls(
    PPCAP_FILTER_MODULE Module,
    PNET_BUFFER_LIST NetBufferLists,
    BOOLEAN Outbound,
    BOOLEAN DispatchLevel
    )
{
    PLIST_ENTRY Link;
    PNET_BUFFER_LIST Nbl;
    PNET_BUFFER Nb;

    FILTER_ACQUIRE_LOCK(&Module->Lock, DispatchLevel);

    for (Link = Module->Opens.Flink; Link != &Module->Opens; Link = Link->Flink)
    {
        PPCAP_OPEN Open = CONTAINING_RECORD(Link, PCAP_OPEN, Link);

        NdisDprAcquireSpinLock(&Open->QueueLock);
        for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
        {
            for (Nb = NET_BUFFER_LIST_FIRST_NB(Nbl); Nb != NULL; Nb = NET_BUFFER_NEXT_NB(Nb))
            {
                PcapCaptureOne(Open, Nb, Outbound);
            }
        }
        NdisDprReleaseSpinLock(&Open->QueueLock);
    }

    FILTER_RELEASE_LOCK(&Module->Lock, DispatchLevel);
}
