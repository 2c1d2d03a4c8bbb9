/*
 * sealstore.h - SealStore: a small in-kernel secret store shared by every
 * handle opened on \Device\SealStore.  The store object is reference
 * counted: DriverEntry holds one reference, every open file holds one.
 *
 * Copyright 2022 Quillcrest Software GmbH
 */
#pragma once

#include <ntddk.h>

#define SS_TAG          'lSsS'
#define SS_MAX_SECRETS  32
#define SS_SECRET_SIZE  64

typedef struct _SS_SECRET {
    ULONG   Id;
    ULONG   Length;
    UCHAR   Data[SS_SECRET_SIZE];
} SS_SECRET;

typedef struct _SS_STORE {
    volatile LONG   RefCount;
    ERESOURCE       Lock;
    BOOLEAN         LockInitialized;
    KEVENT          ZeroRefs;           // signalled when RefCount hits 0
    ULONG           Count;
    SS_SECRET       Secrets[SS_MAX_SECRETS];
} SS_STORE, *PSS_STORE;

typedef struct _SS_DEVICE_EXTENSION {
    PSS_STORE       Store;
    UNICODE_STRING  LinkName;
    BOOLEAN         LinkCreated;
    BOOLEAN         ShutdownRegistered;
} SS_DEVICE_EXTENSION, *PSS_DEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     SsUnload;

_Dispatch_type_(IRP_MJ_CREATE)   DRIVER_DISPATCH SsCreate;
_Dispatch_type_(IRP_MJ_CLOSE)    DRIVER_DISPATCH SsClose;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH SsShutdown;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH SsDeviceControl;

PSS_STORE SsStoreCreate(VOID);
VOID      SsStoreReference(_In_ PSS_STORE Store);
VOID      SsStoreDereference(_In_ PSS_STORE Store);
VOID      SsStoreWipe(_In_ PSS_STORE Store);
