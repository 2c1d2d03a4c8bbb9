typedef struct _SHARED_STATE {
	ULONG Count;
} SHARED_STATE;

DRIVER_UNLOAD SharedUnload;
