#include "packagelist.h"
