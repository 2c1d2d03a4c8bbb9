/*
 * sysworker.h
 *
 * A driver with its own system thread. User mode queues "jobs" through
 * IOCTL_SW_QUEUE_JOB; the worker thread hashes the job payload and keeps
 * the result until IOCTL_SW_GET_RESULT picks it up.
 */
#pragma once

#include <ntddk.h>

#define SW_TAG          'krWS'
#define SW_DEVICE_NAME  L"\\Device\\SysWorker"
#define SW_LINK_NAME    L"\\DosDevices\\SysWorker"
#define SW_MAX_PAYLOAD  512
#define SW_MAX_QUEUED   64

#define IOCTL_SW_QUEUE_JOB   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_SW_GET_RESULT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "SysWorker: " fmt "\n", ##__VA_ARGS__)

typedef struct _SW_JOB {
    LIST_ENTRY Link;
    ULONG      Id;
    ULONG      Length;
    ULONG      Result;
    BOOLEAN    Done;
    UCHAR      Payload[SW_MAX_PAYLOAD];
} SW_JOB, *PSW_JOB;

typedef struct _SW_GLOBALS {
    PDEVICE_OBJECT Device;
    PKTHREAD       Thread;

    KEVENT         StopEvent;    /* notification: set once at unload */
    KEVENT         WorkEvent;    /* synchronization: a job was queued */

    KSPIN_LOCK     Lock;
    LIST_ENTRY     Pending;
    LIST_ENTRY     Finished;
    ULONG          Queued;
    ULONG          NextId;
} SW_GLOBALS;

extern SW_GLOBALS g_Sw;

/* worker.c */
KSTART_ROUTINE SwWorkerThread;
NTSTATUS SwQueueJob(_In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length, _Out_ PULONG Id);
NTSTATUS SwTakeResult(_In_ ULONG Id, _Out_ PULONG Result);
VOID     SwFreeAllJobs(VOID);
