namespace bsp { }
