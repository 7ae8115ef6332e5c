import IICSAStore
